import SurveyModel

/// Turns one field's bytes into an ``AnswerCode`` for one scale, without creating a `String`
/// for numeric answers (the common case).
///
/// Order of interpretation: empty → no answer; a declared missing code (numeric or text, exact
/// after trimming, text case-insensitive) → that reason; an integer (also `4.0`) inside L…U → the
/// code; with `labels-in-data`, a value label (case-insensitive) → its code; anything else →
/// invalid.
public struct AnswerDecoder: Sendable {
    let lower: Int
    let upper: Int
    private let numericMissing: [Int: Int16]
    private let textCodes: [[UInt8]: Int16]
    /// Dense lookup from an integer answer to its stored code over `tableLower...`; it covers
    /// the scale and every numeric missing code, so the hot path never hashes.
    private let table: [Int16]
    private let tableLower: Int

    /// The dense table (empty when the scale is too wide for one) and the value of its first
    /// entry, for callers that inline the lookup.
    var denseTable: [Int16] { table }
    var denseLower: Int { tableLower }

    /// Prepares the lookups of a scale.
    public init(scale: Scale) {
        lower = scale.lower
        upper = scale.upper
        var numeric: [Int: Int16] = [:]
        var text: [[UInt8]: Int16] = [:]
        let reasons = scale.missingReasons
        for missing in scale.missing {
            let code = AnswerCode.declaredMissing(reasons.firstIndex(of: missing.reason)!)
            var bytes = Array(missing.code.utf8)
            bytes = Self.trimmed(bytes[...])
            if let value = Self.integer(bytes[...]) { numeric[value] = code }
            text[Self.folded(bytes[...])] = code
        }
        if scale.labelsInData {
            for (value, label) in scale.labels {
                let key = Self.folded(Self.trimmed(Array(label.utf8)[...])[...])
                if text[key] == nil { text[key] = Int16(value) }
            }
        }
        numericMissing = numeric
        textCodes = text
        let low = min(scale.lower, numeric.keys.min() ?? scale.lower)
        let high = max(scale.upper, numeric.keys.max() ?? scale.upper)
        if high - low < 4096 {
            var dense = [Int16](repeating: AnswerCode.invalid, count: high - low + 1)
            for v in scale.lower...scale.upper { dense[v - low] = Int16(v) }
            for (v, code) in numeric { dense[v - low] = code }
            table = dense
            tableLower = low
        } else {
            table = []
            tableLower = 0
        }
    }

    /// Decodes a field. `quoted` tells LimeSurvey's shown-but-blank from never-shown when
    /// `distinguishNotShown` is on; otherwise every empty field is "no answer".
    public func decode(_ field: UnsafeBufferPointer<UInt8>, quoted: Bool = true, distinguishNotShown: Bool = false) -> Int16 {
        var start = 0
        var end = field.count
        while start < end, field[start] == 0x20 || field[start] == 0x09 { start += 1 }
        while end > start, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
        if start == end { return distinguishNotShown && !quoted ? AnswerCode.notShown : AnswerCode.noAnswer }
        if let value = Self.integer(UnsafeBufferPointer(rebasing: field[start..<end])) {
            if !table.isEmpty {
                let index = value - tableLower
                return index >= 0 && index < table.count ? table[index] : AnswerCode.invalid
            }
            if let missing = numericMissing[value] { return missing }
            if value >= lower && value <= upper { return Int16(value) }
            return AnswerCode.invalid
        }
        return decodeText(UnsafeBufferPointer(rebasing: field[start..<end]))
    }

    func decodeText(_ bytes: UnsafeBufferPointer<UInt8>) -> Int16 {
        textCodes[Self.folded(bytes[...])] ?? AnswerCode.invalid
    }

    /// Parses `[+-]digits` or `[+-]digits.0…` (as spreadsheets write whole numbers); nil otherwise.
    static func integer<C: Collection<UInt8>>(_ bytes: C) -> Int? where C.Index == Int {
        var i = bytes.startIndex
        let end = bytes.endIndex
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < end else { return nil }
        var value = 0
        var digits = 0
        while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            if digits > 9 { return nil }
            value = value * 10 + Int(bytes[i] - 0x30)
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < end else { return nil }
            while i < end, bytes[i] == UInt8(ascii: "0") { i += 1 }
        }
        guard i == end else { return nil }
        return negative ? -value : value
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var s = bytes.startIndex
        var e = bytes.endIndex
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
        return Array(bytes[s..<e])
    }

    /// ASCII case folding; other bytes as they are (labels match exactly beyond ASCII).
    static func folded<C: Collection<UInt8>>(_ bytes: C) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    }
}
