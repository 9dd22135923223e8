import Foundation
import SurveyKit
import SurveyStatistics
import Testing

/// Key drivers against scipy and numpy (Drivers/make_expected.py; research/methods.md §9.13).
@Suite struct DriverTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Drivers")

    @Test func correlationsQuadrantsAndRelativeWeights() throws {
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.folder.appendingPathComponent("expected.json"))) as! [String: [String: Any]]
        let outcome = try AnalyzeJob.run(AnalyzeRequest(
            instrument: Self.folder.appendingPathComponent("drivers.yaml").path,
            inputs: [Self.folder.appendingPathComponent("drivers.csv").path]))
        let cell = try #require(outcome.report.cells.first { $0.segment == nil })
        for id in ["X1", "X2", "X3"] {
            let driver = try #require(cell.drivers.first { $0.kind == "item" && $0.id == id })
            let r = expected["r"]![id] as! Double
            #expect(abs(driver.r - r) <= 1e-9 * abs(r), "r of \(id)")
            #expect(driver.n == 12)
            let performance = expected["performance"]![id] as! Double
            #expect(abs(driver.performance - performance) <= 1e-9 * performance)
            #expect(driver.quadrant == expected["quadrant"]![id] as! String, "quadrant of \(id)")
        }
        for (d, id) in ["d1", "d2", "d3"].enumerated() {
            let driver = try #require(cell.drivers.first { $0.kind == "dimension" && $0.id == id })
            let weight = expected["relativeWeights"]![id] as! Double
            #expect(abs((driver.relativeWeight ?? .nan) - weight) <= 1e-9 * weight, "relative weight of \(id)")
            #expect(driver.quadrant == expected["quadrant"]!["X\(d + 1)"] as! String)
        }
        // The relative weights add up to the model's R² (methods.md §9.13: 0.9143724696).
        let total = cell.drivers.compactMap(\.relativeWeight).reduce(0, +)
        #expect(abs(total - 0.9143724696) < 1e-9)
    }

    /// Relative weights come from the dimensions a group is asked: learners, never asked the
    /// staff-only d4, keep the weights of their own three dimensions; staff get all four. The
    /// `all` cell merges groups asked different dimensions and reports none.
    @Test func relativeWeightsUseTheDimensionsAskedOfTheGroup() throws {
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.folder.appendingPathComponent("expected.json"))) as! [String: [String: Any]]
        let report = try AnalyzeJob.run(AnalyzeRequest(
            instrument: Self.folder.appendingPathComponent("drivers-sections.yaml").path,
            inputs: [Self.folder.appendingPathComponent("drivers-sections.csv").path])).report
        for (group, key, ids) in [("learner", "relativeWeights", ["d1", "d2", "d3"]), ("staff", "staffRelativeWeights", ["d1", "d2", "d3", "d4"])] {
            let cell = try #require(report.cells.first { $0.group == group && $0.segment == nil })
            #expect(cell.drivers.filter { $0.kind == "dimension" }.map(\.id) == ids)
            for id in ids {
                let driver = try #require(cell.drivers.first { $0.kind == "dimension" && $0.id == id })
                let weight = expected[key]![id] as! Double
                #expect(abs((driver.relativeWeight ?? .nan) - weight) <= 1e-9 * weight, "\(group): relative weight of \(id)")
            }
        }
        let all = try #require(report.cells.first { $0.group == "all" && $0.segment == nil })
        #expect(!all.drivers.isEmpty && all.drivers.allSatisfy { $0.relativeWeight == nil })
    }
}
