import SurveyModel

/// One node of a YAML document with its position, detached from Yams so the instrument parser
/// can walk it without caring how Yams resolves tags.
///
/// Scalars keep their text exactly as written; whether a scalar was plain (unquoted) matters only
/// for `null`. Lines and columns are 1-based and count Unicode scalars, as libYAML reports them.
struct YAMLNode: Sendable {
    /// What the node holds.
    enum Content: Sendable {
        case scalar(String, isPlain: Bool)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    /// What the node holds.
    var content: Content
    /// 1-based line of the node's first character.
    var line: Int
    /// 1-based column of the node's first character.
    var column: Int

    /// The spellings YAML 1.1 resolves to null in a plain scalar.
    static let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]

    /// The scalar's text, or `nil` for a mapping or sequence.
    var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// Whether the node is a plain `null`, `~` or empty value.
    var isNull: Bool {
        guard case .scalar(let text, let isPlain) = content, isPlain else { return false }
        return Self.nullSpellings.contains(text)
    }

    /// The key–value pairs of a mapping in file order, or `nil`.
    var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The elements of a sequence, or `nil`.
    var elements: [YAMLNode]? {
        if case .sequence(let elements) = content { return elements }
        return nil
    }

    /// How the node reads after "found" in a message: `"high"`, `a list`, `a mapping`, `null`.
    var found: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let text, let isPlain):
            if isPlain && text.isEmpty { return "an empty value" }
            if isNull { return "null" }
            return text.quotedForMessage
        }
    }

    /// The node's place in a file.
    func location(in path: String) -> InputLocation {
        InputLocation(path: path, line: line, column: column)
    }

    /// `line L, column C`, for pointing back at an earlier node in a message.
    var position: String { "line \(line), column \(column)" }

    /// Whether this node starts after another one in the file.
    func isAfter(_ other: YAMLNode) -> Bool {
        (line, column) > (other.line, other.column)
    }
}

/// One entry of a YAML mapping.
struct YAMLPair: Sendable {
    /// The key node (a scalar in every valid instrument).
    var key: YAMLNode
    /// The value node.
    var value: YAMLNode
}

/// The fields of one YAML mapping, looked up by key; built by `InstrumentParser.fields`, which
/// has already reported unknown, duplicate and missing keys.
struct YAMLFields {
    /// The mapping itself.
    let node: YAMLNode
    /// First occurrence of each key: its key node and value node.
    private let entries: [String: YAMLPair]

    init(node: YAMLNode, entries: [String: YAMLPair]) {
        self.node = node
        self.entries = entries
    }

    /// The value of a key, when present.
    subscript(key: String) -> YAMLNode? { entries[key]?.value }

    /// The key node of a key, when present.
    func keyNode(_ key: String) -> YAMLNode? { entries[key]?.key }
}
