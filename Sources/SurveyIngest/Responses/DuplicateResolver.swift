import Dispatch
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

        var hashes = [UInt64](repeating: 0, count: n)
        hashes.withUnsafeMutableBufferPointer { out in
            let out = SendablePointer(out.baseAddress!)
            parallel(workers, n) { range in
                for row in range { out.pointer[row] = hash(table, row) }
            }
        }

        // Buckets of about 512 rows, by the top bits of the hash.
        var bits = 0
        while (1 << bits) * 512 < n && bits < 20 { bits += 1 }
        let bucketCount = 1 << bits
        let shift = UInt64(64 - bits)
        var starts = [Int](repeating: 0, count: bucketCount + 1)
        for h in hashes { starts[bits == 0 ? 1 : Int(h >> shift) + 1] += 1 }
        for b in 0..<bucketCount { starts[b + 1] += starts[b] }
        var order = [Int32](repeating: 0, count: n)
        var next = Array(starts.dropLast())
        for row in 0..<n {
            let b = bits == 0 ? 0 : Int(hashes[row] >> shift)
            order[next[b]] = Int32(row)
            next[b] += 1
        }
        let largest = (0..<bucketCount).map { starts[$0 + 1] - starts[$0] }.max() ?? 0
        let bucketStarts = starts

        keep.withUnsafeMutableBufferPointer { keepBuffer in
            let keepPointer = SendablePointer(keepBuffer.baseAddress!)
            hashes.withUnsafeBufferPointer { hashBuffer in
                let hashPointer = SendablePointer(UnsafeMutablePointer(mutating: hashBuffer.baseAddress!))
                order.withUnsafeBufferPointer { orderBuffer in
                    let orderPointer = SendablePointer(UnsafeMutablePointer(mutating: orderBuffer.baseAddress!))
                    parallel(workers, bucketCount) { buckets in
                        var capacity = 16
                        while capacity < 2 * largest { capacity <<= 1 }
                        var slots = [Int32](repeating: -1, count: capacity)
                        for b in buckets {
                            let count = bucketStarts[b + 1] - bucketStarts[b]
                            guard count > 1 else { continue }
                            var size = 4
                            while size < 2 * count { size <<= 1 }
                            let mask = size - 1
                            for i in 0..<size { slots[i] = -1 }
                            for k in bucketStarts[b]..<bucketStarts[b + 1] {
                                let row = Int(orderPointer.pointer[k])
                                let h = hashPointer.pointer[row]
                                var s = Int(truncatingIfNeeded: h) & mask
                                while true {
                                    let other = Int(slots[s])
                                    if other < 0 {
                                        slots[s] = Int32(row)
                                        break
                                    }
                                    if hashPointer.pointer[other] == h && sameKey(table, other, row) {
                                        // `other` is the best so far of this id; `row` comes later.
                                        if table.answeredCount(row) > table.answeredCount(other) {
                                            keepPointer.pointer[other] = false
                                            slots[s] = Int32(row)
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
        return keep
    }

    /// FNV-1a over the id bytes, mixed with the wave and group (SplitMix64 finalizer).
    @inline(__always)
    private static func hash(_ t: ResponseTable, _ row: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        t.idBytes.withUnsafeBufferPointer { bytes in
            for i in t.idStarts[row]..<t.idStarts[row + 1] {
                h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3
            }
        }
        h ^= UInt64(t.waves[row]) << 40 ^ UInt64(t.groups[row]) << 20
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }

    private static func sameKey(_ t: ResponseTable, _ a: Int, _ b: Int) -> Bool {
        t.waves[a] == t.waves[b] && t.groups[a] == t.groups[b]
            && t.idBytes[t.idStarts[a]..<t.idStarts[a + 1]].elementsEqual(t.idBytes[t.idStarts[b]..<t.idStarts[b + 1]])
    }

    /// Runs `body` over `workers` contiguous parts of `0..<count`, concurrently when more than one.
    private static func parallel(_ workers: Int, _ count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let parts = min(workers, count)
        if parts <= 1 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            body((count * part / parts)..<(count * (part + 1) / parts))
        }
    }
}

/// A pointer handed to concurrent workers that write disjoint elements.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
