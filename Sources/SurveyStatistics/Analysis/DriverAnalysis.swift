import SurveyModel

/// Key drivers of one whole-group cell (SPEC §5.6).
///
/// Each candidate item and dimension is correlated with the outcome (Pearson r over respondents
/// with both valid); `performance` is its 0–100 index in the cell. Drivers with n below
/// `driver-minimum-n` are left out. Quadrants split at the means of r and performance, taken
/// separately among items and among dimensions (so that a dimension and its own items do not
/// shift each other's cut): `priority` (high r, low performance), `strength` (high r, high
/// performance), `maintain` (low r, high performance), `low-priority` (low r, low performance).
/// With 2 to 10 dimension drivers, Johnson's (2000) relative weights of the dimensions are
/// added from their listwise correlation matrix.
enum DriverAnalysis {
    static func drivers(_ acc: DriverAccumulator, cell: Cell, instrument: Instrument) -> [Driver] {
        let minimumN = instrument.reporting.driverMinimumN
        var items: [Driver] = []
        for (j, i) in acc.items.enumerated() {
            let id = instrument.items[i].id
            guard let (r, n) = acc.itemCorrelation(j), n >= minimumN,
                  let performance = cell.items.first(where: { $0.id == id })?.index?.value else { continue }
            items.append(Driver(id: id, kind: "item", r: r, n: n, performance: performance, quadrant: ""))
        }
        var dimensions: [Driver] = []
        var chosen: [Int] = []
        for d in 0..<acc.dimensionCount {
            let id = instrument.dimensions[d].id
            guard let (r, n) = acc.dimensionCorrelation(d), n >= minimumN,
                  let performance = cell.dimensions.first(where: { $0.id == id })?.index?.value else { continue }
            dimensions.append(Driver(id: id, kind: "dimension", r: r, n: n, performance: performance, quadrant: ""))
            chosen.append(d)
        }
        if (2...10).contains(chosen.count), let (matrix, outcome, n) = acc.listwiseCorrelations(chosen), n >= minimumN,
           let weights = Regression.relativeWeights(correlations: matrix, outcomeCorrelations: outcome) {
            for k in dimensions.indices { dimensions[k].relativeWeight = weights[k] }
        }
        return assignQuadrants(items) + assignQuadrants(dimensions)
    }

    static func assignQuadrants(_ drivers: [Driver]) -> [Driver] {
        guard !drivers.isEmpty else { return [] }
        let meanR = drivers.reduce(0) { $0 + $1.r } / Double(drivers.count)
        let meanP = drivers.reduce(0) { $0 + $1.performance } / Double(drivers.count)
        return drivers.map { d in
            var d = d
            let important = d.r >= meanR
            let performing = d.performance >= meanP
            d.quadrant = important ? (performing ? "strength" : "priority") : (performing ? "maintain" : "low-priority")
            return d
        }
    }
}
