import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics
import SurveyTestSupport
import Testing

/// The flat row pass (integer blocks per joint cell, exact score moments) and the general pass
/// (one accumulator per cell, Welford moments) are two computations of the same statistics:
/// on the same responses their reports agree to 1e-12 apart from the key drivers only the
/// general pass computes — with few segment combinations (joint blocks) and with more than
/// 4,096 (a block per real cell).
@Suite struct FlatPassAgreementTests {
    /// Every number of `a` and `b` within 1e-12 (relative, absolute near zero); other values
    /// equal; keys in `skip` ignored. Returns the paths that differ.
    static func differences(_ a: Any, _ b: Any, path: String = "", skip: Set<String>) -> [String] {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            let keys = Set(x.keys).union(y.keys).subtracting(skip)
            return keys.sorted().flatMap { key -> [String] in
                guard let u = x[key], let v = y[key] else { return ["\(path).\(key) missing on one side"] }
                return differences(u, v, path: "\(path).\(key)", skip: skip)
            }
        case let (x as [Any], y as [Any]):
            guard x.count == y.count else { return ["\(path) has \(x.count) against \(y.count) elements"] }
            return zip(x, y).enumerated().flatMap { i, pair in differences(pair.0, pair.1, path: "\(path)[\(i)]", skip: skip) }
        case let (x as NSNumber, y as NSNumber):
            let (u, v) = (x.doubleValue, y.doubleValue)
            return abs(u - v) <= 1e-12 * max(1, abs(u), abs(v)) ? [] : ["\(path): \(u) against \(v)"]
        default:
            return "\(a)" == "\(b)" ? [] : ["\(path): \(a) against \(b)"]
        }
    }

    static func report(_ instrument: String, _ input: String) throws -> Any {
        var read = ReadOptions()
        read.threads = 2
        let outcome = try AnalyzeJob.run(AnalyzeRequest(instrument: instrument, inputs: [input], read: read))
        return try JSONSerialization.jsonObject(with: Data(try AnalyzeJob.render(outcome, as: .json).utf8))
    }

    @Test(arguments: [false, true])
    func flatAndGeneralPassesAgree(manyCombinations: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bench = StreamingAnalysisTests.bench
        var text = try StreamingAnalysisTests.csv(bench, respondents: 3000, seed: 23).replacingOccurrences(of: "\r\n", with: "\n")
        if manyCombinations {
            // 71 campuses × 72 programmes: more combinations than joint blocks allow.
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for i in 1..<lines.count where !lines[i].isEmpty && !lines[i].contains("\"") {
                var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard fields.count > 5 else { continue }
                fields[3] = "C\(i % 71)"
                fields[4] = "P\(i % 72)"
                lines[i] = fields.joined(separator: ",")
            }
            text = lines.joined(separator: "\n")
        }
        let input = try dir.write("r.csv", text)
        // An outcome item sends the same instrument through the general pass.
        let general = try dir.write("general.yaml", try String(contentsOfFile: bench, encoding: .utf8) + "outcome: Q30\n")
        let flat = try Self.report(bench, input)
        let other = try Self.report(general, input)
        let found = Self.differences(flat, other, skip: ["drivers", "sha256", "opportunities"])
        #expect(found.isEmpty, "\(found.count) differences:\n\(found.prefix(10).joined(separator: "\n"))")
        let cells = try #require((flat as? [String: Any])?["cells"] as? [Any])
        #expect(cells.count > (manyCombinations ? 300 : 20))
        let generalCells = try #require((other as? [String: Any])?["cells"] as? [[String: Any]])
        #expect(generalCells.contains { $0["drivers"] != nil }, "the outcome item took the general pass")
    }
}
