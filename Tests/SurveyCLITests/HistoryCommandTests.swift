import Foundation
import SurveyTestSupport
import Testing

/// `surveykpi history` on a database written by `surveykpi run`.
@Suite struct HistoryCommandTests {
    @Test func printsEveryWaveAndTheTestBetweenTheLastTwo() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        #expect(try sandbox.run().status == 0)
        let text = try ProcessRunner.run(["history", "--database", sandbox.database, "--kpi", "teach", "--group", "staff"])
        #expect(text.status == 0)
        #expect(text.stdout == """
            mini · Teaching index (teach) · Staff
              wave            value   target  status
              2025             68.8     75.0  at-risk
              2026             66.7     75.0  at-risk
              2025 → 2026: -2.1, Welch t = -0.18, df = 12.1, p = 0.858, q = 0.858, not significant

            """)

        let csv = try ProcessRunner.run(["history", "--database", sandbox.database, "--kpi", "nps", "--group", "all", "--format", "csv"])
        let rows = csv.stdout.components(separatedBy: "\r\n")
        #expect(rows[0] == "instrument,group,kpi,title,measure,wave,value,target,threshold,status,n,delta,test,statistic,df,p,q,significant,direction")
        #expect(rows[1] == "mini,all,nps,NPS,nps,2025,-25,20,,not-met,16,,,,,,,,")
        #expect(rows[2].hasPrefix("mini,all,nps,NPS,nps,2026,-37.5,20,,not-met,16,-12.5,z,"))
        #expect(rows[2].hasSuffix(",false,none"))

        let json = try ProcessRunner.run(["history", "--database", sandbox.database, "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "surveykpi.history.v1")
        let series = try #require(document["series"] as? [[String: Any]])
        #expect(series.map { "\($0["group"] ?? "")/\($0["kpi"] ?? "")" } == ["learner/teach", "learner/nps", "staff/teach", "staff/nps", "all/teach", "all/nps"])
    }

    @Test func theStoredTestsAgreeWithTheReportsTrends() throws {
        let sandbox = try RunSandbox.demo()
        defer { sandbox.dir.remove() }
        #expect(try sandbox.run().status == 0)
        let json = try ProcessRunner.run(["history", "--database", sandbox.database, "--format", "json"])
        let series = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["series"] as? [[String: Any]])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(sandbox.output("report.json").utf8)) as? [String: Any])
        let trends = try #require(report["trends"] as? [[String: Any]]).filter { $0["kind"] as? String == "kpi" && $0["segment"] is NSNull }
        var compared = 0
        for s in series {
            guard let trend = s["trend"] as? [String: Any] else { continue }
            let name = "\(s["group"] ?? "")/\(s["kpi"] ?? "")"
            let match = try #require(trends.first {
                $0["id"] as? String == s["kpi"] as? String && $0["group"] as? String == s["group"] as? String
                    && $0["from"] as? String == trend["from"] as? String && $0["to"] as? String == trend["to"] as? String
            }, "no report trend for \(name)")
            #expect(trend["test"] as? String == match["test"] as? String, "\(name)")
            for key in ["before", "after", "testStatistic", "p"] {
                let a = (trend[key] as? NSNumber)?.doubleValue, b = (match[key] as? NSNumber)?.doubleValue
                #expect((a == nil) == (b == nil), "\(name) \(key): \(a ?? .nan) vs \(b ?? .nan)")
                if let a, let b { #expect(abs(a - b) <= 1e-9 * abs(b), "\(name) \(key): \(a) vs \(b)") }
            }
            compared += 1
        }
        #expect(compared == 17)
        // A KPI on a dimension's favourable share is tested too (as an estimate with its SE).
        #expect(series.contains { $0["kpi"] as? String == "parent-communication" && ($0["trend"] as? [String: Any])?["p"] is NSNumber })
    }

    @Test func unknownNamesAndMissingDatabasesAreReported() throws {
        let sandbox = try RunSandbox(instrument: Fixture.instrument, inputs: [Fixture.good])
        defer { sandbox.dir.remove() }
        let missing = try ProcessRunner.run(["history", "--database", sandbox.database])
        #expect(missing.status == 66)
        #expect(missing.stderr == "\(sandbox.database): error: no history database here; `surveykpi run` creates it\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database))

        #expect(try sandbox.run().status == 0)
        let kpi = try ProcessRunner.run(["history", "--database", sandbox.database, "--kpi", "teching"])
        #expect(kpi.status == 64)
        #expect(kpi.stderr == "error: the history holds no KPI \"teching\"; it holds: teach, nps\n")
        let group = try ProcessRunner.run(["history", "--database", sandbox.database, "--group", "parent"])
        #expect(group.status == 64)
        #expect(group.stderr == "error: the history holds no group \"parent\"; it holds: learner, staff, all\n")
    }
}
