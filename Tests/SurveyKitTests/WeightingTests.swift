import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel
import SurveyStatistics
import SurveyTestSupport
import Testing

/// Weighted estimates and raking against samplics (Taylor SE, rake), statsmodels and numpy IPF
/// (Weighting/make_expected.py; research/methods.md §9.9–9.10).
@Suite struct WeightingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Weighting")
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    nonisolated(unsafe) static let expected: [String: Any] = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("expected.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    func close(_ a: Double?, _ b: Any?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let a, let b = b as? Double else {
            Issue.record("\(what): missing value", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(a - b) <= 1e-9 * max(abs(b), 1e-3), "\(what): \(a) vs \(b)", sourceLocation: sourceLocation)
    }

    @Test func weightColumnGivesLinearizedSEAndKishWilson() throws {
        let outcome = try AnalyzeJob.run(AnalyzeRequest(instrument: Self.path("weighted.yaml"), inputs: [Self.path("weighted.csv")]))
        #expect(outcome.report.settings.weighted)
        let cell = try #require(outcome.report.cells.first)
        let y = try #require(cell.items.first { $0.id == "Y" })
        close(y.mean, Self.expected["mean"], "weighted mean")
        close(y.se, Self.expected["se"], "linearized SE")
        let ci = Self.expected["ci"] as! [Double]
        close(y.ci?[0], ci[0], "t interval low")
        close(y.ci?[1], ci[1], "t interval high")
        close(y.nEff, Self.expected["nEff"], "Kish n_eff")
        #expect(y.n == 10)
        let b = try #require(cell.items.first { $0.id == "B" })
        let fav = Self.expected["favourable"] as! [String: Any]
        close(b.favourable?.p, fav["p"], "weighted share")
        let wilson = fav["ci"] as! [Double]
        close(b.favourable?.ci?[0], wilson[0], "Wilson on n_eff low")
        close(b.favourable?.ci?[1], wilson[1], "Wilson on n_eff high")
        close(cell.nEff, Self.expected["nEff"], "cell n_eff")
    }

    @Test func rakingMeetsTheMarginsAsIPFDoes() throws {
        let instrument = try InstrumentLoader.load(path: Self.path("raking.yaml"))
        let read = try CSVResponseReader.read(path: Self.path("raking.csv"), inputIndex: 0, instrument: instrument, options: ReadOptions())
        let weights = try WeightingEngine.weights(table: read.table, instrument: instrument, inputPaths: [Self.path("raking.csv")])
        let raking = Self.expected["raking"] as! [String: Any]
        let expectedWeights = raking["weights"] as! [String: Double]
        let firstRow = ["F/UG": 0, "F/PG": 30, "M/UG": 50, "M/PG": 60]
        let samplicsWeights = raking["samplicsWeights"] as! [String: Double]
        for (cell, row) in firstRow {
            close(weights[row], expectedWeights[cell], "weight \(cell) against numpy IPF")
            close(weights[row], samplicsWeights[cell], "weight \(cell) against samplics rake")
        }
        #expect(abs(weights.reduce(0, +) - 100) < 1e-9, "weights add up to n")
        let outcome = try AnalyzeJob.run(AnalyzeRequest(instrument: Self.path("raking.yaml"), inputs: [Self.path("raking.csv")]))
        let whole = try #require(outcome.report.cells.first { $0.segment == nil })
        close(whole.items.first?.mean, raking["mean"], "raked mean")
        // The margins hold: the weighted share of F is 0.55 (segment cells keep respondent counts).
        #expect(outcome.report.settings.weighted)
    }

    @Test func anUnlistedCategoryIsAClearError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let csv = try String(contentsOfFile: Self.path("raking.csv"), encoding: .utf8) + "R999,X,UG,3\n"
        let input = try dir.write("raking.csv", csv)
        #expect(throws: SurveyError(.dataError, at: InputLocation(path: input, line: 102, column: 1),
                                    "respondent \"R999\" has sex \"X\", which weighting margin \"sex\" does not list; expected one of: F, M")) {
            _ = try AnalyzeJob.run(AnalyzeRequest(instrument: Self.path("raking.yaml"), inputs: [input]))
        }
    }

    @Test func anEmptyMarginCategoryIsAClearError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let csv = try String(contentsOfFile: Self.path("raking.csv"), encoding: .utf8).replacingOccurrences(of: ",M,", with: ",F,")
        let input = try dir.write("raking.csv", csv)
        #expect(throws: SurveyError(.dataError, path: nil,
                                    "weighting margin \"sex\" category \"M\" has a population share but no respondent in wave -, group learner; merge it with a neighbour or drop it from the margin")) {
            _ = try AnalyzeJob.run(AnalyzeRequest(instrument: Self.path("raking.yaml"), inputs: [input]))
        }
    }

    @Test func unattainableMarginsDoNotConverge() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Every F is UG and every M is PG: the margins F 55 and UG 70 contradict each other.
        var lines = ["respondent,sex,level,Y"]
        for i in 0..<20 { lines.append(i < 10 ? "R\(i),F,UG,3" : "R\(i),M,PG,4") }
        let input = try dir.write("raking.csv", lines.joined(separator: "\n") + "\n")
        let result = Result { () throws(SurveyError) in
            try AnalyzeJob.run(AnalyzeRequest(instrument: Self.path("raking.yaml"), inputs: [input]))
        }
        guard case .failure(let error) = result else {
            Issue.record("expected non-convergence")
            return
        }
        #expect(error.exitCode == 65)
        #expect(error.message.hasPrefix("weighting did not converge for wave -, group learner within 100 iterations"), "\(error)")
    }
}
