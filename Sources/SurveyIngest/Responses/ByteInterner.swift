/// Maps the bytes of a categorical field (group, wave, segment value) to a small integer code
/// without creating a `String` or an array per row.
///
/// Survey exports repeat a handful of values millions of times, so a linear scan over the
/// distinct values seen so far (compared byte for byte, last hit first) beats hashing; past
/// `scanLimit` distinct values a dictionary takes over.
struct ByteInterner {
    private(set) var values: [[UInt8]] = []
    private var lookup: [[UInt8]: Int] = [:]
    private var last = -1
    private let scanLimit = 32

    /// The code of `bytes`, interning it when new; `isNew` tells the caller to register a label.
    mutating func code(_ bytes: UnsafeBufferPointer<UInt8>) -> (code: Int, isNew: Bool) {
        if last >= 0, Self.equal(values[last], bytes) { return (last, false) }
        if values.count <= scanLimit {
            for (i, value) in values.enumerated() where Self.equal(value, bytes) {
                last = i
                return (i, false)
            }
        } else if let i = lookup[Array(bytes)] {
            last = i
            return (i, false)
        }
        let value = Array(bytes)
        values.append(value)
        lookup[value] = values.count - 1
        last = values.count - 1
        return (last, true)
    }

    @inline(__always)
    private static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { pa in
            for i in 0..<pa.count where pa[i] != b[i] { return false }
            return true
        }
    }
}

/// Byte-level helpers for fields: trimming and number parsing without `String`.
enum FieldBytes {
    /// The field without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = field.count
        while start < end, field[start] == 0x20 || field[start] == 0x09 { start += 1 }
        while end > start, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(rebasing: field[start..<end])
    }

    /// A plain decimal (`412`, `-3.25`, `0.5`) parsed from bytes; other forms (exponents,
    /// thousands separators) go through `Double(String)`. nil when it is not a number.
    static func double(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        let bytes = trimmed(field)
        guard !bytes.isEmpty else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var seenPoint = false
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                guard digits < 15 else { return Double(String(decoding: bytes, as: UTF8.self)) }
                mantissa = mantissa * 10 + UInt64(b - 0x30)
                digits += 1
                if seenPoint { scale += 1 }
            } else if b == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                return Double(String(decoding: bytes, as: UTF8.self))
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        // Exact: mantissa < 10^15 and scale <= 15 are both exactly representable.
        let value = Double(mantissa) / Self.powersOfTen[scale]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...15).map { p in (0..<p).reduce(1.0) { v, _ in v * 10 } }
}
