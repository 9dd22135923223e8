/// Complementary suppression (SPEC §5.8): no suppressed value may be recovered by subtraction.
///
/// A *breakdown* is a whole and the members that partition it: a group's cell and its cells for
/// one segment column (plus the respondents with no value in that column, an unpublished
/// remainder), and the `all` cell and its groups' cells (per wave, and per segment value). In
/// each breakdown, while the hidden members are exactly one, or together cover fewer than
/// `minimum-n` respondents, the smallest visible member is hidden too (`complementary`), or
/// the whole when no member is left to hide (it would equal the hidden part); a remainder of
/// 1 to `minimum-n − 1` respondents counts as hidden. A hidden whole-group cell
/// hides its segment cells as well, since they would add up to it; and a hidden whole whose
/// parts are all shown and cover it exactly (no remainder) has its smallest part hidden, since
/// the parts would add up to it.
///
/// The same rules hold for each item and each dimension inside the visible cells, counted in
/// the respondents behind that value (its `n`, published or not): an item shown in the whole
/// but hidden in one member (too few answers there) is hidden in the next smallest member too,
/// and an item hidden in a whole-group cell is hidden in its segment cells. Rules are applied
/// until nothing changes. Returns the cells whose items or dimensions were hidden, whose
/// derived values (a dimension's favourable share, KPIs, drivers) must be worked out again.
enum Suppression {
    /// The respondents behind each item's and each dimension's value in one cell, by id.
    struct Coverage {
        var items: [String: Int] = [:]
        var dimensions: [String: Int] = [:]
    }

    @discardableResult
    static func applyComplementary(_ cells: inout [Cell], minimumN: Int, coverage: [Coverage]) -> Set<Int> {
        precondition(coverage.count == cells.count, "one coverage per cell")
        let breakdowns = Self.breakdowns(cells)
        let board = Board(cells: cells, coverage: coverage)
        var touched: Set<Int> = []
        var changed = true
        var rounds = 0
        while changed && rounds < 1000 {
            changed = false
            rounds += 1
            for measure in [Measure.cell, .item, .dimension] {
                func hide(_ c: Int, _ id: String) {
                    board.hide(measure, in: &cells, c, id)
                    touched.insert(c)
                    changed = true
                }
                for breakdown in breakdowns {
                    guard let whole = breakdown.whole else { continue }
                    // A value hidden in the whole must not be the sum of shown parts (it may hide
                    // a neighbour in another breakdown): with no remainder and every part that
                    // holds answers shown, hide the smallest.
                    for id in board.hiddenInWhole(measure, cells, whole: whole, members: breakdown.members) {
                        func covered(_ c: Int) -> Int { board.covered(measure, cells, c, id) }
                        let members = breakdown.members.filter { covered($0) > 0 }
                        let remainder = max(0, covered(whole) - members.reduce(0) { $0 + covered($1) })
                        guard remainder == 0, members.allSatisfy({ board.isShown(measure, cells, $0, id) }),
                              let next = members.min(by: { order(cells[$0], covered($0)) < order(cells[$1], covered($1)) }) else { continue }
                        hide(next, id)
                    }
                    guard cells[whole].suppressed == nil else { continue }
                    for id in board.shownIDs(measure, cells, whole) {
                        func covered(_ c: Int) -> Int { board.covered(measure, cells, c, id) }
                        // Parts that hold no answer to it have nothing to hide.
                        let members = breakdown.members.filter { covered($0) > 0 }
                        let hidden = members.filter { !board.isShown(measure, cells, $0, id) }
                        // Counts are published, so the remainder is known to everyone.
                        let remainder = max(0, covered(whole) - members.reduce(0) { $0 + covered($1) })
                        var hiddenCount = hidden.count + (remainder > 0 && remainder < minimumN ? 1 : 0)
                        var hiddenTotal = hidden.reduce(0) { $0 + covered($1) } + (remainder < minimumN ? remainder : 0)
                        while hiddenCount > 0 && (hiddenCount == 1 || hiddenTotal < minimumN) {
                            let candidates = members.filter { board.isShown(measure, cells, $0, id) }
                                .sorted { order(cells[$0], covered($0)) < order(cells[$1], covered($1)) }
                            guard let next = candidates.first else {
                                // Nothing left to hide beside it: the whole would give the part away.
                                hide(whole, id)
                                break
                            }
                            hide(next, id)
                            hiddenCount += 1
                            hiddenTotal += covered(next)
                        }
                    }
                }
                // A value hidden in a whole-group cell is hidden in its segment cells, which
                // would add up to it.
                for i in cells.indices where cells[i].segment == nil {
                    for id in board.hiddenIDs(measure, cells, i) {
                        for j in cells.indices where cells[j].segment != nil && cells[j].wave == cells[i].wave
                            && cells[j].group == cells[i].group && board.isShown(measure, cells, j, id) {
                            hide(j, id)
                        }
                    }
                }
            }
        }
        return touched
    }

    /// Which part to hide first: the smallest, then by segment value and group, so that the
    /// choice never depends on the order cells were built in.
    private static func order(_ cell: Cell, _ size: Int) -> (Int, String, String) {
        (size, cell.segment?.value ?? "", cell.group)
    }

    /// What the rules protect: whole cells (one value, id `""`, counted in respondents), or each
    /// item or dimension inside a shown cell (counted in the answers behind it).
    private enum Measure {
        case cell, item, dimension
    }

    /// The cells seen by measure: where each item and dimension sits in each cell (hiding
    /// replaces an entry in place, so positions never move), and the counts behind them.
    private struct Board {
        let coverage: [Coverage]
        let itemAt: [[String: Int]]
        let dimensionAt: [[String: Int]]

        init(cells: [Cell], coverage: [Coverage]) {
            self.coverage = coverage
            itemAt = cells.map { Dictionary($0.items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a }) }
            dimensionAt = cells.map { Dictionary($0.dimensions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a }) }
        }

        func covered(_ measure: Measure, _ cells: [Cell], _ c: Int, _ id: String) -> Int {
            switch measure {
            case .cell: cells[c].respondents
            case .item: coverage[c].items[id] ?? 0
            case .dimension: coverage[c].dimensions[id] ?? 0
            }
        }

        /// The value's suppression reason, or nil when it is shown; `.noData` when absent.
        private func reason(_ measure: Measure, _ cells: [Cell], _ c: Int, _ id: String) -> SuppressionReason? {
            if let reason = cells[c].suppressed { return reason }
            switch measure {
            case .cell: return nil
            case .item: return itemAt[c][id].map { cells[c].items[$0].suppressed } ?? .noData
            case .dimension: return dimensionAt[c][id].map { cells[c].dimensions[$0].suppressed } ?? .noData
            }
        }

        func isShown(_ measure: Measure, _ cells: [Cell], _ c: Int, _ id: String) -> Bool {
            reason(measure, cells, c, id) == nil
        }

        /// The ids of a cell's values, in report order (a hidden cell has none but itself).
        private func ids(_ measure: Measure, _ cells: [Cell], _ c: Int) -> [String] {
            switch measure {
            case .cell: [""]
            case .item: cells[c].items.map(\.id)
            case .dimension: cells[c].dimensions.map(\.id)
            }
        }

        func shownIDs(_ measure: Measure, _ cells: [Cell], _ c: Int) -> [String] {
            ids(measure, cells, c).filter { isShown(measure, cells, c, $0) }
        }

        /// Values hidden in a shown cell (or the cell itself, hidden), not for want of data.
        func hiddenIDs(_ measure: Measure, _ cells: [Cell], _ c: Int) -> [String] {
            if measure == .cell { return cells[c].suppressed == nil ? [] : [""] }
            guard cells[c].suppressed == nil else { return [] }
            return ids(measure, cells, c).filter { id in reason(measure, cells, c, id).map { $0 != .noData } ?? false }
        }

        /// Values shown in some part of a breakdown but hidden in its whole, in member order.
        func hiddenInWhole(_ measure: Measure, _ cells: [Cell], whole: Int, members: [Int]) -> [String] {
            var out: [String] = []
            for member in members {
                for id in shownIDs(measure, cells, member) where !out.contains(id) && !isShown(measure, cells, whole, id) { out.append(id) }
            }
            return out
        }

        func hide(_ measure: Measure, in cells: inout [Cell], _ c: Int, _ id: String) {
            switch measure {
            case .cell:
                let kept = cells[c]
                var hidden = Cell(wave: kept.wave, group: kept.group, segment: kept.segment, respondents: kept.respondents)
                hidden.responseRate = kept.responseRate
                hidden.suppressed = .complementary
                cells[c] = hidden
            case .item:
                guard let k = itemAt[c][id] else { return }
                var hidden = ItemStats(id: id)
                hidden.suppressed = .complementary
                cells[c].items[k] = hidden
            case .dimension:
                guard let k = dimensionAt[c][id] else { return }
                var hidden = DimensionStats(id: id)
                hidden.suppressed = .complementary
                cells[c].dimensions[k] = hidden
            }
        }
    }

    private struct Breakdown {
        var whole: Int?
        var members: [Int]
    }

    private static func breakdowns(_ cells: [Cell]) -> [Breakdown] {
        var index: [String: Int] = [:]
        for (i, c) in cells.enumerated() { index[key(c.wave, c.group, c.segment)] = i }
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        func add(_ k: String, _ i: Int) {
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(i)
        }
        for (i, c) in cells.enumerated() {
            if let s = c.segment {
                add("S\u{1}" + key(c.wave, c.group, nil) + "\u{1}" + s.name, i)   // a group's segment breakdown
                if c.group != "all" { add("A\u{1}" + key(c.wave, "all", c.segment), i) }   // `all` × value over groups
            } else if c.group != "all" {
                add("A\u{1}" + key(c.wave, "all", nil), i)   // `all` over groups
            }
        }
        return order.map { k in
            let parts = k.split(separator: "\u{1}", omittingEmptySubsequences: false)
            return Breakdown(whole: index[parts.dropFirst().prefix(4).joined(separator: "\u{1}")], members: groups[k]!)
        }
    }

    private static func key(_ wave: String, _ group: String, _ segment: SegmentRef?) -> String {
        [wave, group, segment?.name ?? "", segment?.value ?? ""].joined(separator: "\u{1}")
    }
}
