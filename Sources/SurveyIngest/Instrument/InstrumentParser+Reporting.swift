import SurveyModel

/// `reporting:` — suppression, confidence and analysis settings.
extension InstrumentParser {
    static let reportingKeys = [
        "minimum-n", "minimum-response-rate", "confidence", "dimension-minimum-answered", "alpha-missing",
        "driver-minimum-n", "significance",
    ]

    mutating func parseReporting(_ node: YAMLNode) {
        guard let fields = fields(node, of: "\"reporting\"", allowed: Self.reportingKeys) else { return }
        if let node = fields["minimum-n"],
            let value = integer(node, for: "minimum-n", in: 1...Int.max, expecting: "an integer >= 1")
        {
            reporting.minimumN = value
        }
        if let node = fields["minimum-response-rate"],
            let value = number(
                node, for: "minimum-response-rate", expecting: "a number within 0...1", where: { (0...1).contains($0) })
        {
            reporting.minimumResponseRate = value
        }
        if let node = fields["confidence"],
            let value = number(
                node, for: "confidence", expecting: "a number between 0 and 1 (exclusive)", where: { $0 > 0 && $0 < 1 })
        {
            reporting.confidence = value
        }
        if let node = fields["dimension-minimum-answered"],
            let value = number(
                node, for: "dimension-minimum-answered", expecting: "a number greater than 0 and at most 1",
                where: { $0 > 0 && $0 <= 1 })
        {
            reporting.dimensionMinimumAnswered = value
        }
        if let node = fields["alpha-missing"],
            let value = choice(node, for: "alpha-missing", among: [ReportingOptions.AlphaMissing.listwise, .pairwise])
        {
            reporting.alphaMissing = value
        }
        if let node = fields["driver-minimum-n"],
            let value = integer(node, for: "driver-minimum-n", in: 3...Int.max, expecting: "an integer >= 3")
        {
            reporting.driverMinimumN = value
        }
        if let node = fields["significance"],
            let value = number(
                node, for: "significance", expecting: "a number between 0 and 1 (exclusive)", where: { $0 > 0 && $0 < 1 })
        {
            reporting.significance = value
        }
    }
}
