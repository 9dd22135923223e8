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

extension DuplicateResolver {
    /// The duplicate pass of SPEC §4 over responses held in memory, with its accounting, as
    /// `analyze` and `validate` both run it: each duplicate becomes a `duplicate` reject (moved
    /// from accepted to rejected in its input's summary) and leaves the table.
    ///
    /// Respondent ids a spreadsheet wrote in scientific notation (``SpreadsheetIDs``) are checked
    /// first: when they collide into duplicates the pass throws rather than drop the responses;
    /// when they do not, each input holding them gets a warning.
    ///
    /// - Parameters:
    ///   - table: Every accepted response of `inputs`; the duplicates are removed from it.
    ///   - inputs: The input paths, indexed by the rows' ``RowOrigin/input``.
    ///   - rawRecords: The raw text of the records starting at the given lines of an input.
    /// - Returns: The duplicates, for the data-quality counts, or nil when there are none.
    /// - Throws: `.dataError` when ids in scientific notation would be rejected as duplicates;
    ///   whatever `rawRecords` throws.
    public static func rejectDuplicates(
        in table: inout ResponseTable, inputs: [String], instrument: Instrument,
        summaries: inout [InputSummary], rejects: inout [RejectedRecord], diagnostics: inout [Diagnostic], threads: Int,
        rawRecords: (_ input: Int, _ lines: Set<Int>) throws(SurveyError) -> [Int: String]
    ) throws(SurveyError) -> ResponseTable? {
        let examples = SpreadsheetIDs.examples(in: table)
        let keep = resolve(table, threads: threads)
        var duplicates: ResponseTable? = nil
        if keep.contains(false) {
            var lines: [Int: Set<Int>] = [:]
            for row in 0..<table.rowCount where !keep[row] {
                lines[table.origins[row].input, default: []].insert(table.origins[row].line)
            }
            var raw: [Int: [Int: String]] = [:]
            for (input, wanted) in lines.sorted(by: { $0.key < $1.key }) { raw[input] = try rawRecords(input, wanted) }
            if !examples.isEmpty { try checkSpreadsheetIDs(table, keep: keep, inputs: inputs, instrument: instrument, summaries: summaries, raw: raw) }
            duplicates = table.filtered(keep.map(!))
            for input in lines.keys.sorted() {
                for row in 0..<table.rowCount where !keep[row] && table.origins[row].input == input {
                    let line = table.origins[row].line
                    rejects.append(RejectedRecord(
                        reason: "duplicate",
                        detail: duplicateDetail(id: table.respondentID(row), wave: table.waveLabels[Int(table.waves[row])], group: instrument.groups[Int(table.groups[row])].id),
                        path: inputs[input], line: line, raw: raw[input]?[line] ?? ""))
                    summaries[input].accepted -= 1
                    summaries[input].rejected += 1
                }
            }
            table.retainRows(keep)
        }
        for example in examples {
            let raw = try rawRecords(example.input, [example.line])[example.line]
            diagnostics.append(SpreadsheetIDs.warning(
                id: example.id, path: inputs[example.input], line: example.line, raw: raw,
                column: SpreadsheetIDs.columnName(instrument: instrument, format: summaries[example.input].format, path: inputs[example.input])))
        }
        return duplicates
    }

    /// The reject detail of a duplicate.
    public static func duplicateDetail(id: String, wave: String, group: String) -> String {
        "respondent \(id.quotedForMessage) appears more than once in wave \(wave) and group \(group); kept the response with the most answers"
    }

    /// Throws when a duplicate's id is in scientific notation: the first such (in input order),
    /// with the row it collides with.
    private static func checkSpreadsheetIDs(
        _ table: ResponseTable, keep: [Bool], inputs: [String], instrument: Instrument, summaries: [InputSummary], raw: [Int: [Int: String]]
    ) throws(SurveyError) {
        let damaged = (0..<table.rowCount).filter { !keep[$0] && SpreadsheetIDs.isScientific(table.idBytes[table.idStarts[$0]..<table.idStarts[$0 + 1]]) }
        guard let first = damaged.first else { return }
        let id = table.respondentID(first)
        // The one row kept of `first`'s wave, group and id: what it would be rejected for.
        let kept = (0..<table.rowCount).first {
            keep[$0] && table.waves[$0] == table.waves[first] && table.groups[$0] == table.groups[first] && table.respondentID($0) == id
        }
        let origin = table.origins[first]
        throw SpreadsheetIDs.collision(
            id: id, path: inputs[origin.input], line: origin.line, raw: raw[origin.input]?[origin.line],
            column: SpreadsheetIDs.columnName(instrument: instrument, format: summaries[origin.input].format, path: inputs[origin.input]),
            keptAt: kept.map { (inputs[table.origins[$0].input], table.origins[$0].line) }, count: damaged.count)
    }
}

/// Respondent ids a spreadsheet rewrote as numbers in scientific notation.
///
/// Excel, LibreOffice and Google Sheets show a long number such as SurveyMonkey's 11-digit
/// `Respondent ID` as `1.18437E+10` and save it so: the digits beyond the sixth are gone, and
/// different respondents now share an id. The duplicate rule (SPEC §4) would then silently drop
/// all but one of them, so colliding ids are an error, and ids in that form that still differ
/// get a warning.
public enum SpreadsheetIDs {
    /// One input's first id in scientific notation.
    public struct Example: Sendable, Hashable {
        /// The input's index.
        public var input: Int
        /// The line of its record.
        public var line: Int
        /// The id as read.
        public var id: String
    }

    /// Whether an id is a number in scientific notation as spreadsheets write it: digits, an
    /// optional fraction, `E` or `e`, a sign and digits (`1.18437E+10`, `3.2e-05`). The sign is
    /// required: spreadsheets always write it, and codes such as `12E4` stay ids.
    public static func isScientific<Bytes: Collection<UInt8>>(_ id: Bytes) -> Bool {
        // The parse stops at the first byte out of place: most ids cost a byte or two.
        var i = id.makeIterator()
        var c = i.next()
        if c == UInt8(ascii: "-") { c = i.next() }
        func digits() -> Int {
            var n = 0
            while let d = c, d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9") { n += 1; c = i.next() }
            return n
        }
        guard digits() > 0 else { return false }
        if c == UInt8(ascii: ".") {
            c = i.next()
            guard digits() > 0 else { return false }
        }
        guard let e = c, e | 0x20 == UInt8(ascii: "e") else { return false }
        c = i.next()
        guard c == UInt8(ascii: "+") || c == UInt8(ascii: "-") else { return false }
        c = i.next()
        return digits() > 0 && c == nil
    }

    /// The first id in scientific notation of each input, in input order.
    public static func examples(in table: ResponseTable) -> [Example] {
        var found: [Int: Example] = [:]
        table.idBytes.withUnsafeBufferPointer { bytes in
            for row in 0..<table.rowCount {
                let id = UnsafeBufferPointer(rebasing: bytes[table.idStarts[row]..<table.idStarts[row + 1]])
                guard isScientific(id), found[table.origins[row].input] == nil else { continue }
                found[table.origins[row].input] = Example(input: table.origins[row].input, line: table.origins[row].line, id: table.respondentID(row))
            }
        }
        return found.keys.sorted().map { found[$0]! }
    }

    /// How messages name the respondent id column of an input.
    public static func columnName(instrument: Instrument, format: String, path: String) -> String {
        let name = EffectiveColumns(instrument.columns, format: format, path: path).mapping.respondent
        return format.hasSuffix("csv") || format == "triple-s" ? "column \(name.quotedForMessage)" : "respondent id"
    }

    /// Where an id stands in its record: the record's line, moved down to the id's own line and
    /// column when the raw text holds it (1 when it does not).
    public static func location(of id: String, path: String, line: Int, raw: String?) -> InputLocation {
        guard let raw, !id.isEmpty, let range = raw.utf8.firstRange(of: id.utf8) else {
            return InputLocation(path: path, line: line, column: 1)
        }
        let before = raw.utf8[..<range.lowerBound]
        let breaks = before.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { raw.utf8.index(after: $0) } ?? raw.utf8.startIndex
        var column = raw.utf8.distance(from: lineStart, to: range.lowerBound) + 1
        // Point at the field's opening quote, where a quoted field starts.
        if range.lowerBound > lineStart, raw.utf8[raw.utf8.index(before: range.lowerBound)] == UInt8(ascii: "\"") { column -= 1 }
        return InputLocation(path: path, line: line + breaks, column: column)
    }

    /// What to do about ids a spreadsheet damaged.
    static let remedy = "export the file again from the survey tool, or keep the column as text in the spreadsheet (import it with that column's type set to Text) before saving"

    /// The warning for an input whose ids in scientific notation still differ.
    public static func warning(id: String, path: String, line: Int, raw: String?, column: String) -> Diagnostic {
        Diagnostic(.warning, at: location(of: id, path: path, line: line, raw: raw),
                   "respondent ids in \(column) are numbers in scientific notation (first \(id.quotedForMessage)), as a spreadsheet writes long numbers, so they may have lost digits; \(remedy)")
    }

    /// The error when such ids collide: `count` responses would be rejected as duplicates.
    public static func collision(id: String, path: String, line: Int, raw: String?, column: String, keptAt: (path: String, line: Int)?, count: Int) -> SurveyError {
        let other = keptAt.map { $0.path == path ? "line \($0.line)" : "\($0.path):\($0.line)" } ?? "another response"
        let rejected = count == 1
            ? "this response would be rejected as the duplicate of a different respondent"
            : "\(count) responses would be rejected as duplicates of different respondents"
        return SurveyError(
            .dataError, at: location(of: id, path: path, line: line, raw: raw),
            "respondent id \(id.quotedForMessage) in \(column) is a number in scientific notation, as a spreadsheet writes long numbers, and equals the id of \(other): digits were lost, and \(rejected); \(remedy)")
    }
}
