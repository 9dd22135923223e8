import SurveyModel

/// Resolves repeated respondent ids (SPEC §4).
public enum DuplicateResolver {
    /// Within one wave and group, keeps the response with the most answered items (ties to the
    /// earliest: input order, then line) and marks the others.
    ///
    /// Rows are hashed on (wave, group, id), spread over buckets by the hash's top bits (a stable
    /// counting sort, so each bucket holds its rows in row order), and each bucket is resolved
    /// with a small open-addressing table that stays in cache; equal hashes are compared byte
    /// for byte. The buckets are shared out over `threads`; the answer does not depend on it.
    ///
    /// - Returns: `keep[row]` for every row; rows marked false are duplicates to reject.
    /// - Complexity: O(rows + id bytes).
    public static func resolve(_ table: ResponseTable, threads: Int = 1) -> [Bool] {
        let n = table.rowCount
        var keep = Array(repeating: true, count: n)
        guard n > 1 else { return keep }
        precondition(n < Int(Int32.max), "too many rows")
        let workers = max(1, min(threads, 8))

        // Buckets of about 512 rows, by the top bits of the hash: a stable counting sort of
        // the rows (each worker counts and places its own stretch of rows).
        var bits = 0
        while (1 << bits) * 512 < n && bits < 20 { bits += 1 }
        let bucketCount = 1 << bits
        let shift = UInt64(64 - bits)
        let bucketBits = bits
        table.waves.withUnsafeBufferPointer { waves in
        table.groups.withUnsafeBufferPointer { groups in
        table.idStarts.withUnsafeBufferPointer { idStarts in
        table.idBytes.withUnsafeBufferPointer { idBytes in
        let keys = KeyView(waves: waves, groups: groups, idStarts: idStarts, idBytes: idBytes)
        @Sendable func bucket(_ row: Int) -> Int { bucketBits == 0 ? 0 : Int(keys.hash(row) >> shift) }
        let parts = min(workers, max(1, n / 65_536))
        var counts = [Int](repeating: 0, count: parts * bucketCount)
        counts.withUnsafeMutableBufferPointer { out in
            let out = SendablePointer(out.baseAddress!)
            Parallel.forEachPart(parts, of: n) { part, range in
                let mine = out.pointer + part * bucketCount
                for row in range { mine[bucket(row)] += 1 }
            }
        }
        // Bucket b's rows: part 0's, then part 1's … (so rows stay in order within a bucket).
        var starts = [Int](repeating: 0, count: bucketCount + 1)
        var placeAt = [Int](repeating: 0, count: parts * bucketCount)
        var running = 0
        for b in 0..<bucketCount {
            starts[b] = running
            for part in 0..<parts {
                placeAt[part * bucketCount + b] = running
                running += counts[part * bucketCount + b]
            }
        }
        starts[bucketCount] = running
        // Each entry: the row (high 32 bits) and the hash's low 32 bits, so that a bucket is
        // resolved reading its entries in sequence, touching ids only on equal hashes.
        var order = [UInt64](repeating: 0, count: n)
        order.withUnsafeMutableBufferPointer { out in
            placeAt.withUnsafeMutableBufferPointer { next in
                let out = SendablePointer(out.baseAddress!)
                let next = SendablePointer(next.baseAddress!)
                Parallel.forEachPart(parts, of: n) { part, range in
                    let mine = next.pointer + part * bucketCount
                    for row in range {
                        let h = keys.hash(row)
                        let b = bucketBits == 0 ? 0 : Int(h >> shift)
                        out.pointer[mine[b]] = UInt64(row) << 32 | (h & 0xFFFF_FFFF)
                        mine[b] += 1
                    }
                }
            }
        }
        let largest = (0..<bucketCount).map { starts[$0 + 1] - starts[$0] }.max() ?? 0
        let bucketStarts = starts

        keep.withUnsafeMutableBufferPointer { keepBuffer in
            let keepPointer = SendablePointer(keepBuffer.baseAddress!)
            order.withUnsafeBufferPointer { orderBuffer in
                let orderPointer = SendablePointer(UnsafeMutablePointer(mutating: orderBuffer.baseAddress!))
                Parallel.forEachPart(workers, of: bucketCount) { _, buckets in
                    var capacity = 16
                    while capacity < 2 * largest { capacity <<= 1 }
                    var slots = [Int32](repeating: -1, count: capacity)
                    for b in buckets {
                        let first = bucketStarts[b]
                        let count = bucketStarts[b + 1] - first
                        guard count > 1 else { continue }
                        var size = 4
                        while size < 2 * count { size <<= 1 }
                        let mask = size - 1
                        for i in 0..<size { slots[i] = -1 }
                        for k in 0..<count {
                            let entry = orderPointer.pointer[first + k]
                            let row = Int(entry >> 32)
                            let h = entry & 0xFFFF_FFFF
                            var s = Int(truncatingIfNeeded: h) & mask
                            while true {
                                let slot = Int(slots[s])
                                if slot < 0 {
                                    slots[s] = Int32(k)
                                    break
                                }
                                let otherEntry = orderPointer.pointer[first + slot]
                                let other = Int(otherEntry >> 32)
                                if otherEntry & 0xFFFF_FFFF == h && keys.same(other, row) {
                                    // `other` is the best so far of this id; `row` comes later.
                                    if table.answeredCount(row) > table.answeredCount(other) {
                                        keepPointer.pointer[other] = false
                                        slots[s] = Int32(k)
                                    } else {
                                        keepPointer.pointer[row] = false
                                    }
                                    break
                                }
                                s = (s + 1) & mask
                            }
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        return keep
    }

}

/// The key columns of a table (wave, group, id) as buffers the workers read without touching
/// the table's arrays (and their reference counts) per row.
struct KeyView: @unchecked Sendable {
    let waves: UnsafeBufferPointer<UInt16>
    let groups: UnsafeBufferPointer<UInt16>
    let idStarts: UnsafeBufferPointer<Int>
    let idBytes: UnsafeBufferPointer<UInt8>

    /// FNV-1a over the id bytes, mixed with the wave and group (SplitMix64 finalizer).
    @inline(__always)
    func hash(_ row: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in idStarts[row]..<idStarts[row + 1] {
            h = (h ^ UInt64(idBytes[i])) &* 0x0000_0100_0000_01b3
        }
        h ^= UInt64(waves[row]) << 40 ^ UInt64(groups[row]) << 20
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }

    /// Whether two rows have the same wave, group and id.
    func same(_ a: Int, _ b: Int) -> Bool {
        guard waves[a] == waves[b], groups[a] == groups[b] else { return false }
        let (sa, ea, sb, eb) = (idStarts[a], idStarts[a + 1], idStarts[b], idStarts[b + 1])
        guard ea - sa == eb - sb else { return false }
        for i in 0..<(ea - sa) where idBytes[sa + i] != idBytes[sb + i] { return false }
        return true
    }
}

/// A pointer handed to concurrent workers that write disjoint elements.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
