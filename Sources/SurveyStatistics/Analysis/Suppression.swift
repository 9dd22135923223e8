/// Complementary suppression (SPEC §5.8): no suppressed value may be recovered by subtraction.
///
/// A *breakdown* is a whole and the members that partition it: a group's cell and its cells for
/// one segment column (plus the respondents with no value in that column, an unpublished
/// remainder), and the `all` cell and its groups' cells (per wave, and per segment value). In
/// each breakdown, while the hidden members are exactly one, or together cover fewer than
/// `minimum-n` respondents, the smallest visible member is hidden too (`complementary`); a
/// remainder of 1 to `minimum-n − 1` respondents counts as hidden. A hidden whole-group cell
/// hides its segment cells as well, since they would add up to it. Rules are applied until
/// nothing changes.
enum Suppression {
    static func applyComplementary(_ cells: inout [Cell], minimumN: Int) {
        let breakdowns = Self.breakdowns(cells)
        var changed = true
        var rounds = 0
        while changed && rounds < 100 {
            changed = false
            rounds += 1
            for breakdown in breakdowns {
                guard let whole = breakdown.whole, cells[whole].suppressed == nil else { continue }
                var hidden = breakdown.members.filter { cells[$0].suppressed != nil }
                // Respondent counts are always published, so the remainder is known to everyone.
                let membersTotal = breakdown.members.reduce(0) { $0 + cells[$1].respondents }
                let remainder = max(0, cells[whole].respondents - membersTotal)
                var hiddenCount = hidden.count + (remainder > 0 && remainder < minimumN ? 1 : 0)
                var hiddenTotal = hidden.reduce(0) { $0 + cells[$1].respondents } + (remainder < minimumN ? remainder : 0)
                while hiddenCount > 0 && (hiddenCount == 1 || hiddenTotal < minimumN) {
                    let candidates = breakdown.members.filter { cells[$0].suppressed == nil }
                        .sorted { (cells[$0].respondents, cells[$0].segment?.value ?? cells[$0].group) < (cells[$1].respondents, cells[$1].segment?.value ?? cells[$1].group) }
                    guard let next = candidates.first else { break }
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
