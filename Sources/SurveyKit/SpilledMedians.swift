import SurveyModel
import SurveyStatistics

/// Exact median durations per wave × group from the key records of the duplicate check, in
/// memory independent of the rows (for durations too varied to count one by one).
///
/// A radix selection: a first scan counts each block's durations, then eight scans each fix
/// the next 8 bits of the wanted order statistics (the middle one, and the one before it when
/// the count is even) in an order-preserving 64-bit key of the Double, with a 256-bin
/// histogram per statistic. The result is the very value sorting would put there, so the
/// medians equal the in-memory ones.
enum SpilledMedians {
    /// The medians of the durations of the records `include` accepts, losers left out.
    ///
    /// - Parameters:
    ///   - losers: ordinals of the duplicates, in increasing order.
    ///   - waveLabels: the first pass's wave numbering (``KeyRecord/wave``).
    static func medians(
        spill: KeySpill, losers: [Int], waveLabels: [String], groupCount: Int, include: (KeyRecord) -> Bool
    ) throws(SurveyError) -> SpeederMedians {
        let blocks = waveLabels.count * groupCount
        func kept(_ record: KeyRecord) -> Bool {
            guard !record.duration.isNaN, include(record) else { return false }
            return losers.isEmpty || !Self.contains(losers, Int(record.ordinal))
        }
        var sizes = [Int](repeating: 0, count: blocks)
        try spill.scan { record in
            if kept(record) { sizes[Int(record.wave) * groupCount + Int(record.group)] += 1 }
        }
        // Per block: the ranks wanted (upper middle first), their key prefixes and ranks left.
        var ranks = [[Int]](repeating: [], count: blocks)
        for b in 0..<blocks where sizes[b] > 0 {
            ranks[b] = sizes[b] % 2 == 1 ? [sizes[b] / 2] : [sizes[b] / 2, sizes[b] / 2 - 1]
        }
        var prefixes = ranks.map { $0.map { _ in UInt64(0) } }
        for shift in stride(from: 56, through: 0, by: -8) {
            var histograms = ranks.map { $0.map { _ in [Int](repeating: 0, count: 256) } }
            try spill.scan { record in
                guard kept(record) else { return }
                let b = Int(record.wave) * groupCount + Int(record.group)
                let key = Self.key(record.duration)
                for q in ranks[b].indices where shift == 56 || key >> UInt64(shift + 8) == prefixes[b][q] >> UInt64(shift + 8) {
                    histograms[b][q][Int((key >> UInt64(shift)) & 0xFF)] += 1
                }
            }
            for b in 0..<blocks {
                for q in ranks[b].indices {
                    var below = 0
                    for digit in 0..<256 {
                        let count = histograms[b][q][digit]
                        if ranks[b][q] < below + count {
                            prefixes[b][q] |= UInt64(digit) << UInt64(shift)
                            ranks[b][q] -= below
                            break
                        }
                        below += count
                    }
                }
            }
        }
        var medians: [String: [Double]] = [:]
        for (w, label) in waveLabels.enumerated() {
            var perGroup = [Double](repeating: .nan, count: groupCount)
            for g in 0..<groupCount {
                let b = w * groupCount + g
                guard sizes[b] > 0 else { continue }
                let upper = Self.value(prefixes[b][0])
                perGroup[g] = prefixes[b].count == 1 ? upper : (Self.value(prefixes[b][1]) + upper) / 2
            }
            medians[label] = perGroup
        }
        return SpeederMedians(medians: medians)
    }

    /// A key whose unsigned order is the Double's order (negative values have every bit flipped,
    /// the others their sign bit set).
    static func key(_ x: Double) -> UInt64 {
        let bits = x.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }

    /// Binary search in increasing values.
    static func contains(_ sorted: [Int], _ value: Int) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == value
    }
}
