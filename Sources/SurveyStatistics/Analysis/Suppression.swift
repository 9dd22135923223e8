/// Complementary suppression over segment breakdowns (SPEC §5.8).
enum Suppression {
    /// Within each breakdown (wave, group, segment column), when exactly one value is suppressed,
    /// the next smallest is suppressed too (`complementary`), so that neither can be recovered by
    /// subtracting the others from the whole group.
    static func applyComplementary(_ cells: inout [Cell]) {
        var breakdowns: [String: [Int]] = [:]
        for (i, cell) in cells.enumerated() {
            guard let segment = cell.segment else { continue }
            breakdowns["\(cell.wave)\u{1}\(cell.group)\u{1}\(segment.name)", default: []].append(i)
        }
        for key in breakdowns.keys.sorted() {
            let members = breakdowns[key]!
            let suppressed = members.filter { cells[$0].suppressed != nil }
            guard suppressed.count == 1 else { continue }
            let candidates = members.filter { cells[$0].suppressed == nil }
                .sorted { (cells[$0].respondents, cells[$0].segment!.value) < (cells[$1].respondents, cells[$1].segment!.value) }
            guard let next = candidates.first else { continue }
            let kept = cells[next]
            var hidden = Cell(wave: kept.wave, group: kept.group, segment: kept.segment, respondents: kept.respondents)
            hidden.suppressed = .complementary
            cells[next] = hidden
        }
    }
}
