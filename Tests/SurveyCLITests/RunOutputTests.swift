import Foundation
import SurveyTestSupport
import Testing

/// The run's machine-readable outputs: the Prometheus textfile (checked with the reference
/// parser) and the spreadsheet-safe CSV.
@Suite struct RunOutputTests {
    @Test func thePromFileParsesWithPrometheusClient() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let started = Date().timeIntervalSince1970
        let result = try ProcessRunner.run(["run", "--config", "Surveys/nightly.yaml", "--database", dir.path("h.sqlite"), "--output", dir.path("out")])
        let finished = Date().timeIntervalSince1970
        #expect(result.status == 0, "\(result.stderr)")
        let script = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            for f in text_string_to_metric_families(open(sys.argv[1]).read()):
                labels = sorted(set(k for s in f.samples for k in s.labels))
                print(f.name, f.type, len(f.samples), ",".join(labels) or "-")
                for s in f.samples:
                    if not s.labels or s.name.startswith("surveykpi_rows"):
                        print(" ", s.name, ",".join(f"{k}={v}" for k, v in sorted(s.labels.items())) or "-", repr(s.value))
            """
        let parsed = try python(script, [dir.path("out/surveykpi.prom")])
        try #require(parsed.status == 0, "prometheus_client refused the file: \(parsed.stderr)")
        var lines = parsed.stdout.split(separator: "\n").map(String.init)
        let timestamp = try #require(lines.last?.split(separator: " ").last.flatMap { Double($0) })
        #expect((started.rounded(.down)...finished).contains(timestamp))
        lines.removeLast()

        let index = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.url.appendingPathComponent("out/index.json"))) as? [String: Any])
        let series = (index["instruments"] as? [[String: Any]] ?? []).flatMap { $0["kpis"] as? [[String: Any]] ?? [] }
        let points = series.flatMap { $0["points"] as? [[String: Any]] ?? [] }
        let targets = points.count
        let values = points.filter { $0["value"] != nil }.count
        #expect(lines == [
            "surveykpi_kpi_value gauge \(values) group,instrument,kpi,wave",
            "surveykpi_kpi_target gauge \(targets) group,instrument,kpi,wave",
            "surveykpi_rows_read_total gauge 2 instrument",
            "  surveykpi_rows_read_total instrument=stakeholder-survey 3027",
            "  surveykpi_rows_read_total instrument=staff-climate 900",
            "surveykpi_rows_rejected_total gauge 2 instrument",
            "  surveykpi_rows_rejected_total instrument=stakeholder-survey 20",
            "  surveykpi_rows_rejected_total instrument=staff-climate 0",
            "surveykpi_last_success_timestamp_seconds gauge 1 -",
        ])
        #expect(targets == 96)

        // The timestamp is the one value that changes from run to run, and only the .prom holds it.
        let prom = try String(contentsOfFile: dir.path("out/surveykpi.prom"), encoding: .utf8)
        sleep(1)
        #expect(try ProcessRunner.run(["run", "--config", "Surveys/nightly.yaml", "--database", dir.path("h.sqlite"), "--output", dir.path("out"), "--force"]).status == 0)
        let again = try String(contentsOfFile: dir.path("out/surveykpi.prom"), encoding: .utf8)
        let stamp = "surveykpi_last_success_timestamp_seconds "
        #expect(prom != again)
        #expect(prom.split(separator: "\n").filter { !$0.hasPrefix(stamp) } == again.split(separator: "\n").filter { !$0.hasPrefix(stamp) })
    }

    @Test func csvNeutralisesFormulasInTextButKeepsNumbersNumeric() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let hostile = ["=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")", "+1", "-North", "@SUM(A1)", "Plain"]
        var csv = "respondent,group,wave,campus,Q1,Q2,Q3,REC\r\n"
        var serial = 0
        for campus in hostile {
            for _ in 0..<4 {
                serial += 1
                csv += "R\(serial),learner,2025,\"\(campus)\",4,4,2,0\r\n"
            }
        }
        let input = try dir.write("hostile.csv", csv)
        let result = try ProcessRunner.run(["analyze", "--instrument", Fixture.instrument, "--format", "csv", input])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.components(separatedBy: "\r\n")
        #expect(rows[0] == "instrument,wave,group,segment,segment_value,kind,id,measure,value,ci_low,ci_high,n,sd,count,target,threshold,status,suppressed")
        let respondents = rows.filter { $0.hasPrefix("mini,2025,learner,campus,") && $0.contains(",cell,,respondents,") }
        #expect(respondents == [
            "mini,2025,learner,campus,'+1,cell,,respondents,4,,,,,,,,,",
            "mini,2025,learner,campus,'-North,cell,,respondents,4,,,,,,,,,",
            "mini,2025,learner,campus,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",cell,,respondents,4,,,,,,,,,",
            "mini,2025,learner,campus,'@SUM(A1),cell,,respondents,4,,,,,,,,,",
            "mini,2025,learner,campus,Plain,cell,,respondents,4,,,,,,,,,",
        ])
        let nps = try #require(rows.first { $0.hasPrefix("mini,2025,learner,,,item,REC,nps,") })
        #expect(nps.hasPrefix("mini,2025,learner,,,item,REC,nps,-100,"), "a negative number stays a number: \(nps)")
        #expect(!rows.dropFirst().contains { $0.split(separator: ",").contains { $0.hasPrefix("=") || $0.hasPrefix("@") || $0.hasPrefix("+") } })
    }
}
