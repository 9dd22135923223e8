/// One variable's value in one case, as the Triple-S data rules define it.
public enum TripleSValue: Hashable, Sendable {
    /// An all-blank field (or an empty CSV field): missing.
    case blank
    /// A `single`'s code as written (numeric codes without leading zeros).
    case code(String)
    /// A `multiple`'s selected codes, from a bitstring (character *n* is `1` ⇒ code *n*) or a
    /// spread (one code per subfield).
    case selected([String])
    /// A `quantity`.
    case number(Double)
    /// A `character`, `date` or `time` value (surrounding spaces removed).
    case text(String)
    /// A `logical`: `1` true, `0` false.
    case logical(Bool)
    /// A `quantity` or `logical` field holding something else.
    case unreadable(String)
}

/// One case (one line of fixed data, one CSV record).
public struct TripleSCase: Sendable {
    /// 1-based line in the data file where the case starts.
    public var line: Int
    /// Values in the order of ``TripleSMetadata/Record/variables``.
    public var values: [TripleSValue]
    /// 1-based byte column of each variable's field on ``line`` (for messages).
    public var columns: [Int]
    /// The case's text as read (for the rejects file).
    public var raw: String
}
