import Foundation
import SurveyKit
import Testing

/// Issue #2: the engine's numbers agree with an independent computation on real public data.
///
/// `RealData/make_expected.py` exports psych's `bfi` (2800 respondents, 25 Likert items 1–6 with
/// missing answers) and the Stack Overflow career-satisfaction sample from modeldata (5594
/// ratings 0–10, an NPS-kind item), and computes every statistic with scipy / statsmodels /
/// pingouin into `RealData/expected.json`. Here the same files go through `AnalyzeJob.run`
/// and every expected value must match to a relative 1e-9 (absolute 1e-12 near zero), for the
/// whole-group cells of each group and `all` and for the segment cells the script lists.
@Suite struct RealDataTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("RealData")
    static let relativeTolerance = 1e-9
    static let absoluteTolerance = 1e-12

    @Test func bfiListwiseAgreesWithScipyStatsmodelsPingouin() throws {
        let mismatches = try Self.compare("bfi", alphaMissing: "listwise")
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    @Test func bfiPairwiseAlphaAgreesWithPingouin() throws {
        let mismatches = try Self.compare("bfi", alphaMissing: "pairwise")
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    @Test func careerSatisfactionNPSAgreesWithAdjustedWald() throws {
        let mismatches = try Self.compare("careers", alphaMissing: "listwise")
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    /// The comparison can fail: a 2e-9 relative change to one expected value is reported.
    @Test func perturbedExpectationIsCaught() throws {
        var expected = try Self.expected("bfi")
        var cells = expected["cells"] as! [Any]
        var cell = cells[0] as! [String: Any]
        var items = cell["items"] as! [Any]
        var item = items[0] as! [String: Any]
        item["mean"] = (item["mean"] as! NSNumber).doubleValue * (1 + 2e-9)
        items[0] = item
        cell["items"] = items
        cells[0] = cell
        expected["cells"] = cells
        let mismatches = try Self.compare("bfi", alphaMissing: "listwise", expected: expected)
        #expect(mismatches.count == 1)
        #expect(mismatches.first?.contains(".items[A1].mean") == true)
    }

    // MARK: - Helpers

    static func expected(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(root[name] as? [String: Any], "expected.json has no \(name)")
    }

    /// Runs the analysis and returns one line per disagreement.
    static func compare(_ name: String, alphaMissing: String, expected given: [String: Any]? = nil) throws -> [String] {
        let expected = try given ?? Self.expected(name)
        var instrument = directory.appendingPathComponent(try #require(expected["instrument"] as? String)).path
        let input = directory.appendingPathComponent(try #require(expected["input"] as? String)).path
        var scratch: URL?
        if alphaMissing != "listwise" {
            let text = try String(contentsOfFile: instrument, encoding: .utf8)
            try #require(text.contains("alpha-missing: listwise"))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("surveykpi-realdata-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let url = dir.appendingPathComponent("\(name)-\(alphaMissing).yaml")
            try text.replacingOccurrences(of: "alpha-missing: listwise", with: "alpha-missing: \(alphaMissing)")
                .write(to: url, atomically: true, encoding: .utf8)
            instrument = url.path
            scratch = dir
        }
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }

        let outcome = try AnalyzeJob.run(AnalyzeRequest(instrument: instrument, inputs: [input], format: .json))
        let actualCells = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(outcome.report.cells)) as? [[String: Any]])
        var mismatches: [String] = []
        for case var want as [String: Any] in try #require(expected["cells"] as? [Any]) {
            let group = want["group"] as! String
            let segment = want["segment"] as? [String: Any]
            let label = "\(name)/\(group)/" + (segment.map { "\($0["name"]!)=\($0["value"]!)" } ?? "whole")
            let matching = actualCells.filter { cell in
                guard cell["group"] as? String == group else { return false }
                let s = cell["segment"] as? [String: Any]
                return s?["name"] as? String == segment?["name"] as? String && s?["value"] as? String == segment?["value"] as? String
            }
            guard matching.count == 1 else {
                mismatches.append("\(label): \(matching.count) cells in the report")
                continue
            }
            // The expected α is given for both missing-value policies; compare the one in force.
            if var dimensions = want["dimensions"] as? [[String: Any]] {
                for i in dimensions.indices {
                    dimensions[i]["alpha"] = (dimensions[i]["alpha"] as? [String: Any])?[alphaMissing]
                }
                want["dimensions"] = dimensions
            }
            want["group"] = nil
            want["segment"] = nil
            mismatches += differences(expected: want, actual: matching[0], path: label)
        }
        return mismatches
    }

    /// Every value of `expected` must be in `actual`: numbers to the tolerances, strings, nulls
    /// and structure exactly. Arrays of objects with an `id` are matched by id.
    static func differences(expected: Any, actual: Any?, path: String) -> [String] {
        switch expected {
        case let e as [String: Any]:
            guard let a = actual as? [String: Any] else { return ["\(path): expected an object, found \(String(describing: actual))"] }
            // Count tables are complete: no key may be added either.
            let exactKeys = [".distribution", ".missing", ".ifItemDeleted"].contains { path.hasSuffix($0) }
            let extra = exactKeys ? a.keys.filter { e[$0] == nil }.sorted() : []
            return extra.map { "\(path).\($0): not expected, found \(a[$0]!)" } + e.keys.sorted().flatMap { key in
                a.keys.contains(key) || e[key] is NSNull
                    ? differences(expected: e[key]!, actual: a[key], path: "\(path).\(key)")
                    : ["\(path).\(key): missing from the report"]
            }
        case let e as [Any]:
            guard let a = actual as? [Any] else { return ["\(path): expected an array, found \(String(describing: actual))"] }
            if let ids = e.map({ ($0 as? [String: Any])?["id"] as? String }) as? [String] {
                let byID = Dictionary(a.compactMap { x in ((x as? [String: Any])?["id"] as? String).map { ($0, x) } }, uniquingKeysWith: { x, _ in x })
                return ids.enumerated().flatMap { i, id in
                    byID[id].map { differences(expected: e[i], actual: $0, path: "\(path)[\(id)]") } ?? ["\(path)[\(id)]: missing from the report"]
                }
            }
            guard a.count == e.count else { return ["\(path): expected \(e.count) elements, found \(a.count)"] }
            return e.indices.flatMap { differences(expected: e[$0], actual: a[$0], path: "\(path)[\($0)]") }
        case is NSNull:
            return actual == nil || actual is NSNull ? [] : ["\(path): expected null, found \(actual!)"]
        case let e as String:
            return actual as? String == e ? [] : ["\(path): expected \(e), found \(String(describing: actual))"]
        case let e as NSNumber:
            guard let a = actual as? NSNumber else { return ["\(path): expected \(e), found \(String(describing: actual))"] }
            return agrees(e.doubleValue, a.doubleValue) ? [] : ["\(path): expected \(e.doubleValue), found \(a.doubleValue) (relative \(abs(a.doubleValue - e.doubleValue) / abs(e.doubleValue)))"]
        default:
            return ["\(path): unexpected \(expected)"]
        }
    }

    static func agrees(_ expected: Double, _ actual: Double) -> Bool {
        guard expected.isFinite, actual.isFinite else { return false }
        let difference = abs(actual - expected)
        return difference <= absoluteTolerance || difference <= relativeTolerance * max(abs(expected), abs(actual))
    }
}
