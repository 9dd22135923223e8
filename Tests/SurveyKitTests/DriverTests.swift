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
}
