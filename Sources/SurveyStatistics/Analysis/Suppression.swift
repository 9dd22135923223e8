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
    static func applyComplementary(_ cells: inout [Cell], minimumN: Int, coverage: [Coverage] = []) -> Set<Int> {
        let breakdowns = Self.breakdowns(cells)
        var touched: Set<Int> = []
        var changed = true
        var rounds = 0
        while changed && rounds < 1000 {
            changed = false
            rounds += 1
            for breakdown in breakdowns {
                guard let whole = breakdown.whole else { continue }
                // Respondent counts are always published, so the remainder is known to everyone.
                let membersTotal = breakdown.members.reduce(0) { $0 + cells[$1].respondents }
                let remainder = max(0, cells[whole].respondents - membersTotal)
                if cells[whole].suppressed != nil {
                    // A hidden whole must not be the sum of shown parts (it may hide a neighbour
                    // in another breakdown): with no remainder and every part shown, hide one.
                    if remainder == 0, breakdown.members.allSatisfy({ cells[$0].suppressed == nil }),
                       let next = breakdown.members.min(by: { order(cells[$0], cells[$0].respondents) < order(cells[$1], cells[$1].respondents) }) {
                        hide(&cells, next)
                        changed = true
                    }
                    continue
                }
                var hidden = breakdown.members.filter { cells[$0].suppressed != nil }
                var hiddenCount = hidden.count + (remainder > 0 && remainder < minimumN ? 1 : 0)
                var hiddenTotal = hidden.reduce(0) { $0 + cells[$1].respondents } + (remainder < minimumN ? remainder : 0)
                while hiddenCount > 0 && (hiddenCount == 1 || hiddenTotal < minimumN) {
                    let candidates = breakdown.members.filter { cells[$0].suppressed == nil }
                        .sorted { order(cells[$0], cells[$0].respondents) < order(cells[$1], cells[$1].respondents) }
                    guard let next = candidates.first else {
                        // Nothing left to hide beside it: the whole would give the part away.
                        hide(&cells, whole)
                        changed = true
                        break
                    }
                    hide(&cells, next)
                    hidden.append(next)
                    hiddenCount += 1
                    hiddenTotal += cells[next].respondents
                    changed = true
                }
            }
            // A hidden whole-group cell takes its segment cells with it.
            for i in cells.indices where cells[i].segment == nil && cells[i].suppressed != nil {
                for j in cells.indices where cells[j].segment != nil && cells[j].suppressed == nil
                    && cells[j].wave == cells[i].wave && cells[j].group == cells[i].group {
                    hide(&cells, j)
                    changed = true
                }
            }
            guard coverage.count == cells.count else { continue }
            for measure in [Measure.item, .dimension] {
                for breakdown in breakdowns {
                    guard let whole = breakdown.whole else { continue }
                    if cells[whole].suppressed != nil || !measure.hiddenIDs(cells[whole]).isEmpty {
                        // As for cells: a hidden value of the whole must not be the sum of shown parts.
                        var ids: [String] = []
                        for member in breakdown.members where cells[member].suppressed == nil {
                            for id in measure.visibleIDs(cells[member]) where !ids.contains(id) { ids.append(id) }
                        }
                        for id in ids where cells[whole].suppressed != nil || !measure.isVisible(cells[whole], id) {
                            let covered = { (c: Int) in measure.count(coverage[c], id) }
                            let members = breakdown.members.filter { covered($0) > 0 }
                            let remainder = max(0, covered(whole) - members.reduce(0) { $0 + covered($1) })
                            guard remainder == 0, members.allSatisfy({ cells[$0].suppressed == nil && measure.isVisible(cells[$0], id) }),
                                  let next = members.min(by: { order(cells[$0], covered($0)) < order(cells[$1], covered($1)) }) else { continue }
                            measure.hide(&cells[next], id)
                            touched.insert(next)
                            changed = true
                        }
                    }
                    guard cells[whole].suppressed == nil else { continue }
                    for id in measure.visibleIDs(cells[whole]) {
                        let covered = { (c: Int) in measure.count(coverage[c], id) }
                        // Members that hold no answer to it have nothing to hide.
                        let members = breakdown.members.filter { covered($0) > 0 }
                        var hidden = members.filter { cells[$0].suppressed != nil || !measure.isVisible(cells[$0], id) }
                        let remainder = max(0, covered(whole) - members.reduce(0) { $0 + covered($1) })
                        var hiddenCount = hidden.count + (remainder > 0 && remainder < minimumN ? 1 : 0)
                        var hiddenTotal = hidden.reduce(0) { $0 + covered($1) } + (remainder < minimumN ? remainder : 0)
                        while hiddenCount > 0 && (hiddenCount == 1 || hiddenTotal < minimumN) {
                            let candidates = members.filter { cells[$0].suppressed == nil && measure.isVisible(cells[$0], id) }
                                .sorted { order(cells[$0], covered($0)) < order(cells[$1], covered($1)) }
                            guard let next = candidates.first else {
                                measure.hide(&cells[whole], id)
                                touched.insert(whole)
                                changed = true
                                break
                            }
                            measure.hide(&cells[next], id)
                            touched.insert(next)
                            hidden.append(next)
                            hiddenCount += 1
                            hiddenTotal += covered(next)
                            changed = true
                        }
                    }
                }
                // A value hidden in a whole-group cell is hidden in its segment cells.
                for i in cells.indices where cells[i].segment == nil && cells[i].suppressed == nil {
                    for id in measure.hiddenIDs(cells[i]) {
                        for j in cells.indices where cells[j].segment != nil && cells[j].suppressed == nil
                            && cells[j].wave == cells[i].wave && cells[j].group == cells[i].group && measure.isVisible(cells[j], id) {
                            measure.hide(&cells[j], id)
                            touched.insert(j)
                            changed = true
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

    /// Items or dimensions, seen alike by the rules.
    private enum Measure {
        case item, dimension

        func count(_ coverage: Coverage, _ id: String) -> Int {
            (self == .item ? coverage.items[id] : coverage.dimensions[id]) ?? 0
        }

        func isVisible(_ cell: Cell, _ id: String) -> Bool {
            switch self {
            case .item: cell.items.contains { $0.id == id && $0.suppressed == nil }
            case .dimension: cell.dimensions.contains { $0.id == id && $0.suppressed == nil }
            }
        }

        func visibleIDs(_ cell: Cell) -> [String] {
            switch self {
            case .item: cell.items.filter { $0.suppressed == nil }.map(\.id)
            case .dimension: cell.dimensions.filter { $0.suppressed == nil }.map(\.id)
            }
        }

        func hiddenIDs(_ cell: Cell) -> [String] {
            switch self {
            case .item: cell.items.filter { $0.suppressed != nil && $0.suppressed != .noData }.map(\.id)
            case .dimension: cell.dimensions.filter { $0.suppressed != nil && $0.suppressed != .noData }.map(\.id)
            }
        }

        func hide(_ cell: inout Cell, _ id: String) {
            switch self {
            case .item:
                if let k = cell.items.firstIndex(where: { $0.id == id }) {
                    var hidden = ItemStats(id: id)
                    hidden.suppressed = .complementary
                    cell.items[k] = hidden
                }
            case .dimension:
                if let k = cell.dimensions.firstIndex(where: { $0.id == id }) {
                    var hidden = DimensionStats(id: id)
                    hidden.suppressed = .complementary
                    cell.dimensions[k] = hidden
                }
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
            let wholeKey = parts.dropFirst().prefix(4).joined(separator: "\u{1}")
            let whole = k.hasPrefix("S") ? index[String(parts.dropFirst().prefix(4).joined(separator: "\u{1}"))] : index[wholeKey]
            return Breakdown(whole: whole, members: groups[k]!)
        }
    }

    private static func key(_ wave: String, _ group: String, _ segment: SegmentRef?) -> String {
        [wave, group, segment?.name ?? "", segment?.value ?? ""].joined(separator: "\u{1}")
    }

    private static func hide(_ cells: inout [Cell], _ i: Int) {
        let kept = cells[i]
        var hidden = Cell(wave: kept.wave, group: kept.group, segment: kept.segment, respondents: kept.respondents)
        hidden.responseRate = kept.responseRate
        hidden.suppressed = .complementary
        cells[i] = hidden
    }
}
