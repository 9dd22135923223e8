import SurveyModel

/// Resolves repeated respondent ids (SPEC §4).
public enum DuplicateResolver {
    /// Within one wave and group, keeps the response with the most answered items (ties to the
    /// earliest: input order, then line) and marks the others.
    ///
    /// - Returns: `keep[row]` for every row; rows marked false are duplicates to reject.
    public static func resolve(_ table: ResponseTable) -> [Bool] {
        var keep = Array(repeating: true, count: table.rowCount)
        // Sort row indices by (wave, group, id bytes); equal runs are duplicates.
        let order = (0..<table.rowCount).sorted { a, b in
            if table.waves[a] != table.waves[b] { return table.waves[a] < table.waves[b] }
            if table.groups[a] != table.groups[b] { return table.groups[a] < table.groups[b] }
            let idA = table.idBytes[table.idStarts[a]..<table.idStarts[a + 1]]
            let idB = table.idBytes[table.idStarts[b]..<table.idStarts[b + 1]]
            if !idA.elementsEqual(idB) { return idA.lexicographicallyPrecedes(idB) }
            return a < b
        }
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, sameKey(table, order[start], order[end]) { end += 1 }
            if end - start > 1 {
                let run = order[start..<end]
                let best = run.max { a, b in
                    let (ca, cb) = (table.answeredCount(a), table.answeredCount(b))
                    if ca != cb { return ca < cb }
                    return a > b   // earlier row wins ties
                }!
                for row in run where row != best { keep[row] = false }
            }
            start = end
        }
        return keep
    }

    private static func sameKey(_ t: ResponseTable, _ a: Int, _ b: Int) -> Bool {
        t.waves[a] == t.waves[b] && t.groups[a] == t.groups[b]
            && t.idBytes[t.idStarts[a]..<t.idStarts[a + 1]].elementsEqual(t.idBytes[t.idStarts[b]..<t.idStarts[b + 1]])
    }
}
