import SurveyModel

/// A calendar date read from the timestamp text of an export.
///
/// Accepted, and nothing else (the time of day is checked but not kept; a zone is allowed and
/// ignored, since waves are calendar dates as the tool wrote them):
///
/// | written | by |
/// | --- | --- |
/// | `2025-09-14`, `2025-09-14 10:22:01`, `2025-09-14T10:22:01.5+02:00`, `…Z` | LimeSurvey, Qualtrics, ISO 8601 |
/// | `2025/09/14 10:22:01 AM GMT+2` | Google Forms download |
/// | `9/14/2025 10:22:01 AM`, `09/14/2025 10:22`, `9/14/25 10:22` | SurveyMonkey, Microsoft Forms, US spreadsheets |
/// | `14/09/2025 10:22`, `14.09.2025 10:22`, `14-09-2025` | European spreadsheets |
///
/// A two-digit year is 20YY. A day/month date whose first two numbers are both 12 or less is
/// month-first when it carries `AM`/`PM` or the tool writes US dates; otherwise both readings
/// are returned and the caller decides (``WaveLabeler`` accepts it only when both readings fall
/// in the same wave).
struct ExportDate: Hashable, Sendable {
    var year: Int
    var month: Int
    var day: Int

    /// What a timestamp text reads as.
    enum Reading: Hashable, Sendable {
        case date(ExportDate)
        /// Month-first and day-first readings of a date like `03/10/2025`.
        case ambiguous(monthFirst: ExportDate, dayFirst: ExportDate)
        case unreadable
    }

    /// Reads trimmed timestamp bytes; `order`, when given, decides every day/month date (a date
    /// impossible in that order is unreadable).
    static func read(_ text: UnsafeBufferPointer<UInt8>, monthFirst: Bool, order: WaveFrom.DateOrder? = nil) -> Reading {
        var scanner = ByteScanner(text)
        guard let a = scanner.number(maxDigits: 4), let separator = scanner.next(),
            separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") || separator == UInt8(ascii: "."),
            let b = scanner.number(maxDigits: 2), scanner.next() == separator,
            let c = scanner.number(maxDigits: 4)
        else { return .unreadable }
        let time = timeOfDay(&scanner)
        guard time.fits else { return .unreadable }
        let hasAMPM = time.ampm
        if a.digits == 4 {
            guard c.digits <= 2, separator != UInt8(ascii: ".") else { return .unreadable }
            return valid(a.value, b.value, c.value).map(Reading.date) ?? .unreadable
        }
        guard c.digits == 4 || c.digits == 2 else { return .unreadable }
        let year = c.digits == 2 ? 2000 + c.value : c.value
        switch order {
        case .dayFirst?: return valid(year, b.value, a.value).map(Reading.date) ?? .unreadable
        // Dots and dashes are day-first in every locale that writes them (DD.MM.YYYY, DD-MM-YYYY).
        case .monthFirst? where separator == UInt8(ascii: "/"): return valid(year, a.value, b.value).map(Reading.date) ?? .unreadable
        case .monthFirst?: return valid(year, b.value, a.value).map(Reading.date) ?? .unreadable
        case nil: break
        }
        let usual = separator == UInt8(ascii: "/") && (monthFirst || hasAMPM)
        let monthFirstReading = separator == UInt8(ascii: "/") ? valid(year, a.value, b.value) : nil
        let dayFirstReading = valid(year, b.value, a.value)
        switch (monthFirstReading, dayFirstReading) {
        case let (m?, d?): return usual || m == d ? .date(m) : .ambiguous(monthFirst: m, dayFirst: d)
        case let (m?, nil): return .date(m)
        case let (nil, d?): return .date(d)
        default: return .unreadable
        }
    }

    /// Checks `[ T]H:MM[:SS[.f…]][ ][AM|PM][ ][zone]` after the date.
    private static func timeOfDay(_ scanner: inout ByteScanner) -> (fits: Bool, ampm: Bool) {
        let misfit = (fits: false, ampm: false)
        guard !scanner.atEnd else { return (true, false) }
        guard let gap = scanner.next(), gap == UInt8(ascii: " ") || gap == UInt8(ascii: "T") else { return misfit }
        guard let hour = scanner.number(maxDigits: 2), scanner.next() == UInt8(ascii: ":"),
            let minute = scanner.number(maxDigits: 2), minute.digits == 2, minute.value < 60
        else { return misfit }
        if scanner.peek == UInt8(ascii: ":") {
            _ = scanner.next()
            guard let second = scanner.number(maxDigits: 2), second.digits == 2, second.value <= 60 else { return misfit }
            if scanner.peek == UInt8(ascii: ".") {
                _ = scanner.next()
                guard scanner.number(maxDigits: 9) != nil else { return misfit }
            }
        }
        scanner.skipSpaces()
        let ampm = scanner.word(["AM", "PM", "A.M.", "P.M."])
        guard ampm ? (1...12).contains(hour.value) : hour.value < 24 else { return misfit }
        scanner.skipSpaces()
        return (scanner.zone(), ampm)
    }

    private static func valid(_ year: Int, _ month: Int, _ day: Int) -> ExportDate? {
        guard (1900...2200).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days ? ExportDate(year: year, month: month, day: day) : nil
    }
}

/// A forward reader over the bytes of one field, for the small grammars of timestamps.
struct ByteScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Whether every byte has been read.
    var atEnd: Bool { index >= bytes.count }

    /// The next byte, without reading it.
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    /// Reads one byte.
    mutating func next() -> UInt8? {
        guard !atEnd else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    /// Reads 1…`maxDigits` decimal digits.
    mutating func number(maxDigits: Int) -> (value: Int, digits: Int)? {
        var value = 0
        var digits = 0
        while let c = peek, c >= 0x30, c <= 0x39, digits < maxDigits {
            value = value * 10 + Int(c - 0x30)
            digits += 1
            index += 1
        }
        if let c = peek, c >= 0x30, c <= 0x39 { return nil }
        return digits > 0 ? (value, digits) : nil
    }

    /// Skips spaces.
    mutating func skipSpaces() {
        while peek == 0x20 { index += 1 }
    }

    /// Reads one of the words, ASCII case-insensitively; false (nothing read) when none is next.
    mutating func word(_ words: [String]) -> Bool {
        for word in words {
            let utf8 = Array(word.utf8)
            guard index + utf8.count <= bytes.count else { continue }
            var same = true
            for (k, c) in utf8.enumerated() where (bytes[index + k] | 0x20) != (c | 0x20) {
                same = false
                break
            }
            if same {
                index += utf8.count
                return true
            }
        }
        return false
    }

    /// Reads an optional time zone up to the end: `Z`, `±HH[:MM]`, `±HHMM`, `GMT`/`UTC` with an
    /// optional `±H[:MM]`. False when anything else is left.
    mutating func zone() -> Bool {
        if atEnd { return true }
        if word(["Z"]) { return atEnd }
        _ = word(["GMT", "UTC"])
        if atEnd { return true }
        guard let sign = next(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
        guard let hours = number(maxDigits: 4), hours.digits == 4 ? hours.value % 100 < 60 && hours.value / 100 < 24 : hours.value < 24 else {
            return false
        }
        if hours.digits <= 2, peek == UInt8(ascii: ":") {
            _ = next()
            guard let minutes = number(maxDigits: 2), minutes.digits == 2, minutes.value < 60 else { return false }
        }
        return atEnd
    }
}
