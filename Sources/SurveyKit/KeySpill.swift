import Foundation
import SurveyModel

/// One accepted row as the streaming duplicate check sees it (40 bytes on disk).
struct KeyRecord {
    /// 128-bit hash of wave label, group and respondent id.
    var hash: (UInt64, UInt64)
    /// Position among every accepted row of the run (input order, then record order).
    var ordinal: UInt64
    /// Duration, NaN when unknown.
    var duration: Double
    /// Substantive answers.
    var answered: UInt16
    /// Index of the wave label (the first pass's numbering) and the group.
    var wave: UInt16
    var group: UInt16
    /// A straight-liner (only looked for when straight-liners are excluded).
    var straight: Bool

    /// The hash of a wave × group, before the id is added (computed once per slice and block).
    static func seed(wave: String, group: Int) -> KeyHasher {
        var hasher = KeyHasher()
        for byte in wave.utf8 { hasher.add(byte) }
        // 0xFF never occurs in UTF-8, so wave "a" group 1 and wave "a\u{1}" cannot meet.
        hasher.add(0xFF)
        hasher.add(UInt8(truncatingIfNeeded: group))
        hasher.add(UInt8(truncatingIfNeeded: group >> 8))
        return hasher
    }
}

/// A record found to repeat another (same hash), and the ordinal of the record kept.
struct Duplicate {
    var record: KeyRecord
    var winner: UInt64
}

/// Two independent 64-bit multiplicative hashes over bytes (FNV-1a and a multiply–xorshift
/// one), each finished with the SplitMix64 finaliser.
struct KeyHasher {
    private var a: UInt64 = 0xCBF2_9CE4_8422_2325
    private var b: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        b = (b &+ UInt64(byte) &+ 1) &* 0xFF51_AFD7_ED55_8CCD
        b ^= b >> 29
    }

    func finish(adding bytes: ArraySlice<UInt8>) -> (UInt64, UInt64) {
        var copy = self
        for byte in bytes { copy.add(byte) }
        copy.add(0xFF)
        return (Self.finalise(copy.a), Self.finalise(copy.b))
    }

    private static func finalise(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Key records spread over temporary files by hash, so that duplicates are found one
/// partition at a time in bounded memory. The files are unlinked as they are created (the
/// system removes them when they are closed, whatever happens to the process).
///
/// A partition holding more than ``maximumLoad`` records is spread again over 128 files by the
/// next 7 bits of the hash, and so on, so that no more than that many records are ever sorted
/// in memory at once, whatever the number of rows (only records with one and the same hash,
/// one respondent repeated, cannot be split).
final class KeySpill {
    /// Partitions per level: 18 million rows make about 6 MB each at the first level.
    static let partitionCount = 128
    /// Records buffered per partition before a write.
    static let bufferRecords = 512
    /// Levels of partitioning at most (7 hash bits each).
    static let maximumLevel = 8

    private var files: [UnsafeMutablePointer<FILE>] = []
    private var buffers: [[KeyRecord]]
    private var counts: [Int]
    /// Which 7 bits of the hash choose the partition (0: the top ones).
    let level: Int
    /// Records sorted in memory at once, at most (20 MB at 1 << 19).
    let maximumLoad: Int

    init(level: Int = 0, maximumLoad: Int = 1 << 19) throws(SurveyError) {
        self.level = level
        self.maximumLoad = maximumLoad
        buffers = Array(repeating: [], count: Self.partitionCount)
        counts = Array(repeating: 0, count: Self.partitionCount)
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        for _ in 0..<Self.partitionCount {
            var template = Array((directory + "/surveykpi-keys-XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            // Unlinked at once: the system frees it when it is closed, whatever happens.
            if fd >= 0 { template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) } }
            guard fd >= 0, let file = fdopen(fd, "w+") else {
                let reason = String(cString: strerror(errno))
                if fd >= 0 { close(fd) }
                // The files made so far are closed by deinit.
                throw SurveyError(.cannotCreate, path: directory, "cannot create a temporary file for the duplicate check (\(reason)); set TMPDIR to a writable directory")
            }
            files.append(file)
        }
    }

    deinit { closeFiles() }

    /// Closes the files (the system frees their space); the spill is empty afterwards.
    func closeFiles() {
        files.forEach { fclose($0) }
        files = []
        counts = counts.map { _ in 0 }
    }

    func append(_ record: KeyRecord) throws(SurveyError) {
        let p = Int(truncatingIfNeeded: record.hash.0 >> UInt64(57 - 7 * level)) & (Self.partitionCount - 1)
        buffers[p].append(record)
        if buffers[p].count >= Self.bufferRecords { try flush(p) }
    }

    private func flush(_ p: Int) throws(SurveyError) {
        let count = buffers[p].count
        guard count > 0 else { return }
        let written = buffers[p].withUnsafeBufferPointer { fwrite($0.baseAddress, MemoryLayout<KeyRecord>.stride, count, files[p]) }
        guard written == count else { throw Self.writeFailure() }
        counts[p] += count
        buffers[p].removeAll(keepingCapacity: true)
    }

    private static func writeFailure() -> SurveyError {
        SurveyError(.cannotCreate, path: nil, "cannot write the temporary file of the duplicate check (\(String(cString: strerror(errno)))); free space where TMPDIR points or set it elsewhere")
    }

    /// Writes out every buffered record (the buffers are not needed again).
    private func flushAll() throws(SurveyError) {
        for p in 0..<Self.partitionCount {
            try flush(p)
            buffers[p] = []
            guard fflush(files[p]) == 0 else { throw Self.writeFailure() }
        }
    }

    /// Reads a flushed partition from its start, 16,384 records at a time, until `body` returns
    /// false or the records run out.
    private func read(partition p: Int, _ body: (KeyRecord) throws(SurveyError) -> Bool) throws(SurveyError) {
        var chunk = [KeyRecord](repeating: KeyRecord(hash: (0, 0), ordinal: 0, duration: 0, answered: 0, wave: 0, group: 0, straight: false), count: 1 << 14)
        rewind(files[p])
        var left = counts[p]
        while left > 0 {
            let want = min(left, chunk.count)
            let got = chunk.withUnsafeMutableBufferPointer { fread($0.baseAddress, MemoryLayout<KeyRecord>.stride, want, files[p]) }
            guard got == want else { throw Self.readFailure() }
            for i in 0..<got where try !body(chunk[i]) { return }
            left -= got
        }
    }

    /// Finds the duplicates: within each group of records with the same hash, every record but
    /// the one with the most answers (ties to the lowest ordinal) is a loser. Returns the losers,
    /// each with the ordinal of the record kept, in increasing order of ordinal. Partitions are
    /// resolved on `threads` threads (each holds one partition at a time); the answer does not
    /// depend on it.
    func resolve(threads: Int = 1) throws(SurveyError) -> [Duplicate] {
        try flushAll()
        let results = PartitionResults(count: Self.partitionCount)
        let spill = UncheckedSpill(self)
        Parallel.forEachPart(max(1, min(threads, Self.partitionCount)), of: Self.partitionCount) { _, range in
            for p in range {
                do throws(SurveyError) {
                    results.store(p, .success(try spill.spill.losers(inPartition: p)))
                } catch {
                    results.store(p, .failure(error))
                }
            }
        }
        var losers: [Duplicate] = []
        for p in 0..<Self.partitionCount {
            switch results.take(p) {
            case .success(let found): losers += found
            case .failure(let error): throw error
            }
        }
        losers.sort { $0.record.ordinal < $1.record.ordinal }
        return losers
    }

    /// When every record of a partition has one hash (one respondent, repeated more often than
    /// a partition may hold, which no more hash bits can split), its losers in one scan: the
    /// records are in ordinal order, so the best so far is replaced only by more answers.
    /// Nil as soon as a second hash shows up.
    private func singleRespondentLosers(inPartition p: Int) throws(SurveyError) -> [Duplicate]? {
        var best: KeyRecord? = nil
        var found: [KeyRecord] = []
        var single = true
        try read(partition: p) { record in
            guard let current = best else {
                best = record
                return true
            }
            guard record.hash == current.hash else {
                single = false
                return false
            }
            if record.answered > current.answered {
                found.append(current)
                best = record
            } else {
                found.append(record)
            }
            return true
        }
        guard single else { return nil }
        let kept = best?.ordinal ?? 0
        return found.map { Duplicate(record: $0, winner: kept) }
    }

    /// Every record once, partition by partition (after ``resolve(threads:)``, which flushed
    /// them all).
    func scan(_ body: (KeyRecord) -> Void) throws(SurveyError) {
        for p in 0..<Self.partitionCount where counts[p] > 0 {
            try read(partition: p) { record in
                body(record)
                return true
            }
        }
    }

    /// The losers of one partition (flushed): sorted in memory, or spread again when too large.
    private func losers(inPartition p: Int) throws(SurveyError) -> [Duplicate] {
        guard counts[p] > 1 else { return [] }
        if counts[p] > maximumLoad, let found = try singleRespondentLosers(inPartition: p) { return found }
        if counts[p] > maximumLoad && level < Self.maximumLevel {
            // Too many to sort at once: spread them by the next bits of the hash.
            let deeper = try KeySpill(level: level + 1, maximumLoad: maximumLoad)
            try read(partition: p) { record throws(SurveyError) in
                try deeper.append(record)
                return true
            }
            try deeper.flushAll()
            var found: [Duplicate] = []
            for q in 0..<Self.partitionCount { found += try deeper.losers(inPartition: q) }
            return found
        }
        rewind(files[p])
        var records = [KeyRecord](unsafeUninitializedCapacity: counts[p]) { buffer, initialized in
            initialized = fread(buffer.baseAddress, MemoryLayout<KeyRecord>.stride, counts[p], files[p])
        }
        guard records.count == counts[p] else { throw Self.readFailure() }
        records.sort { ($0.hash.0, $0.hash.1, $0.ordinal) < ($1.hash.0, $1.hash.1, $1.ordinal) }
        var found: [Duplicate] = []
        var start = 0
        while start < records.count {
            var end = start + 1
            while end < records.count && records[end].hash == records[start].hash { end += 1 }
            if end - start > 1 {
                // The earliest record with the most answers stays.
                var best = start
                for i in (start + 1)..<end where records[i].answered > records[best].answered { best = i }
                for i in start..<end where i != best { found.append(Duplicate(record: records[i], winner: records[best].ordinal)) }
            }
            start = end
        }
        return found
    }

    private static func readFailure() -> SurveyError {
        SurveyError(.cannotCreate, path: nil, "cannot read back the temporary file of the duplicate check: it is shorter than was written (was TMPDIR cleaned or full?)")
    }
}

/// A spill handed to the partition workers, each reading only its own partitions' files.
private struct UncheckedSpill: @unchecked Sendable {
    let spill: KeySpill
    init(_ spill: KeySpill) { self.spill = spill }
}

/// Per-partition results of a concurrent resolution, each slot written by one worker.
private final class PartitionResults: @unchecked Sendable {
    private var slots: [Result<[Duplicate], SurveyError>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func store(_ p: Int, _ value: Result<[Duplicate], SurveyError>) { lock.locked { slots[p] = value } }
    func take(_ p: Int) -> Result<[Duplicate], SurveyError> { lock.locked { slots[p] ?? .success([]) } }
}

extension NSLock {
    /// Runs `body` holding the lock (`withLock` needs macOS 14; the package supports 13).
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}
