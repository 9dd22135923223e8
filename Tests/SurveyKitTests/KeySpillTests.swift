@testable import SurveyKit
import SurveyModel
import Testing

/// The streaming duplicate check finds the same losers as a dictionary would, also when a
/// partition is too large to sort at once and is spread again, level after level.
@Suite struct KeySpillTests {
    /// Losers by brute force: per hash, all but the earliest record with the most answers.
    static func reference(_ records: [KeyRecord]) -> [Int] {
        var best: [String: KeyRecord] = [:]
        var losers: [Int] = []
        for record in records {
            let key = "\(record.hash.0)-\(record.hash.1)"
            if let current = best[key] {
                if record.answered > current.answered {
                    losers.append(Int(current.ordinal))
                    best[key] = record
                } else {
                    losers.append(Int(record.ordinal))
                }
            } else {
                best[key] = record
            }
        }
        return losers.sorted()
    }

    @Test(arguments: [1 << 19, 200])
    func losersMatchABruteForceCheck(maximumLoad: Int) throws {
        var rng = SeededGenerator(seed: 42)
        var records: [KeyRecord] = []
        for ordinal in 0..<30_000 {
            // Ids from a pool a third the size of the rows: many repeat, some three times or more.
            let id = UInt64.random(in: 0..<10_000, using: &rng)
            let hash = KeyRecord.seed(wave: "2025", group: Int(id % 3)).finish(adding: ArraySlice(String(id).utf8))
            records.append(KeyRecord(
                hash: hash, ordinal: UInt64(ordinal), duration: .nan, answered: UInt16.random(in: 0..<4, using: &rng),
                wave: 0, group: UInt16(id % 3), straight: false))
        }
        // One respondent repeated more often than a partition may hold: it cannot be split.
        let same = KeyRecord.seed(wave: "2026", group: 0).finish(adding: ArraySlice("R1".utf8))
        for ordinal in 30_000..<30_300 {
            records.append(KeyRecord(hash: same, ordinal: UInt64(ordinal), duration: .nan, answered: UInt16(ordinal % 5), wave: 1, group: 0, straight: false))
        }
        let spill = try KeySpill(maximumLoad: maximumLoad)
        for record in records { try spill.append(record) }
        let duplicates = try spill.resolve(threads: 2)
        let losers = duplicates.map { Int($0.record.ordinal) }
        // Each loser's kept record has its hash and at least as many answers.
        let byOrdinal = Dictionary(uniqueKeysWithValues: records.map { (Int($0.ordinal), $0) })
        for duplicate in duplicates {
            let kept = try #require(byOrdinal[Int(duplicate.winner)])
            #expect(kept.hash == duplicate.record.hash && kept.answered >= duplicate.record.answered)
        }
        let expected = Self.reference(records)
        #expect(losers == expected)
        #expect(expected.count > 20_000)
    }

    @Test func hashesSeparateWaveGroupAndId() {
        let a = KeyRecord.seed(wave: "a", group: 1).finish(adding: ArraySlice("x".utf8))
        let b = KeyRecord.seed(wave: "a", group: 2).finish(adding: ArraySlice("x".utf8))
        let c = KeyRecord.seed(wave: "b", group: 1).finish(adding: ArraySlice("x".utf8))
        let d = KeyRecord.seed(wave: "a", group: 1).finish(adding: ArraySlice("y".utf8))
        let again = KeyRecord.seed(wave: "a", group: 1).finish(adding: ArraySlice("x".utf8))
        #expect(a == again)
        #expect(Set([a, b, c, d].map { "\($0.0)-\($0.1)" }).count == 4)
    }
}
