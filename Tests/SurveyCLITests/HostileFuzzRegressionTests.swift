import Foundation
import SurveyTestSupport
import Testing

/// Every input a fuzzer found a bug with (`Fuzz/Regressions/TARGET/`), replayed through the real
/// binary the way its target fed it to the reader: it must end in a clear message (every stderr
/// line a `path:line:column: error: …`-style line, never a continuation or a crash) and a proper
/// exit code, and write nothing when refused. `Fuzz/run.sh` also puts them back in each target's
/// corpus.
@Suite struct HostileFuzzRegressionTests {
    static let root = ProcessRunner.packageRoot.appendingPathComponent("Fuzz/Regressions")
    static let separator = Array("\n--8<-- surveykpi fuzz part --8<--\n".utf8)

    /// `target/name` of every regression input.
    static let inputs: [String] = {
        let fm = FileManager.default
        var found: [String] = []
        for target in ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).sorted() {
            for name in ((try? fm.contentsOfDirectory(atPath: root.path + "/" + target)) ?? []).sorted() where !name.hasPrefix(".") {
                found.append(target + "/" + name)
            }
        }
        return found
    }()

    @Test func everyTargetHasItsFindings() {
        #expect(Set(Self.inputs.map { String($0.split(separator: "/")[0]) }).isSuperset(of: ["csv", "instrument", "xml", "limesurvey-xml", "triple-s"]))
    }

    @Test(arguments: inputs) func replay(_ input: String) throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent(input)))
        let target = String(input.split(separator: "/")[0])
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let arguments = try Self.command(target: target, bytes: bytes, in: dir)
        let before = Set(try FileManager.default.subpathsOfDirectory(atPath: dir.url.path))
        let result = try ProcessRunner.run(arguments, in: dir.url)
        #expect([0, 64, 65, 66].contains(result.status), "exit \(result.status): \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
        let pattern = #/^(\S[^\n]*?(:\d+:\d+)?: (error|warning|note): |\S+: \d+ errors?$|wrote |note: |Error: |Usage: |  See |Help: )/#
        for line in result.stderr.split(separator: "\n") {
            #expect(line.prefixMatch(of: pattern) != nil, "a stderr line that is not a message of its own: \(line.debugDescription)")
        }
        if result.status != 0 {
            #expect(Set(try FileManager.default.subpathsOfDirectory(atPath: dir.url.path)) == before, "a refused input wrote files")
        }
    }

    /// Writes the files a target made of an input and returns the command line that reads them.
    static func command(target: String, bytes: [UInt8], in dir: TemporaryDirectory) throws -> [String] {
        let repo = ProcessRunner.packageRoot.path + "/"
        switch target {
        case "csv":
            let control = try String(contentsOfFile: repo + "Fuzz/Seeds/csv-control.txt", encoding: .utf8).split(separator: "\n")
                .filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ", maxSplits: 1).map(String.init) }
            let instruments = control.filter { $0[0] == "instrument" }.map { repo + $0[1] }
            let limits = control.filter { $0[0] == "max-field-bytes" }.map { $0[1] }
            let choice = Int(bytes.first ?? 0)
            try dir.write("data.csv", bytes: Array(bytes.dropFirst()))
            return ["analyze", "--instrument", instruments[choice & 7], "--max-field-bytes", limits[(choice >> 3) & 7], "--output", "out", "data.csv"]
        case "instrument":
            try dir.write("i.yaml", bytes: bytes)
            return ["validate", "--instrument", "i.yaml"]
        case "xml":
            try dir.write("data.xml", bytes: bytes)
            return ["analyze", "--instrument", repo + "Tests/SurveyIngestTests/Fixtures/xml/mini.yaml", "--input-format", "xml", "--output", "out", "data.xml"]
        case "limesurvey-xml":
            let parts = split(bytes)
            try dir.write("survey_123456.lss", bytes: parts[0])
            try dir.write("survey_123456_responses.lsr", bytes: parts.count > 1 ? parts[1] : [])
            return ["analyze", "--instrument", repo + "Tests/SurveyIngestTests/Fixtures/xml/limesurvey/instrument.yaml", "--input-format", "limesurvey-xml",
                    "--structure", "survey_123456.lss", "--output", "out", "survey_123456_responses.lsr"]
        case "triple-s":
            let instruments = ["sample-1", "sample-2", "sample-4"].map { repo + "Tests/SurveyIngestTests/Fixtures/triple-s/\($0).yaml" }
            let parts = split(Array(bytes.dropFirst()))
            try dir.write("survey.sss", bytes: parts[0])
            for name in ["survey.asc", "survey.csv", "survey.dat", "survey.txt"] { try dir.write(name, bytes: parts.count > 1 ? parts[1] : []) }
            return ["analyze", "--instrument", instruments[Int(bytes.first ?? 0) % 3], "--input-format", "triple-s", "--output", "out", "survey.sss"]
        default:
            Issue.record("unknown fuzz target \(target)")
            return ["--help"]
        }
    }

    /// The parts of an input at the separator line (as `FuzzParts.split` cuts them, into two).
    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        let sep = separator
        var i = 0
        while i + sep.count <= bytes.count {
            if Array(bytes[i..<(i + sep.count)]) == sep { return [Array(bytes[..<i]), Array(bytes[(i + sep.count)...])] }
            i += 1
        }
        return [bytes]
    }
}
