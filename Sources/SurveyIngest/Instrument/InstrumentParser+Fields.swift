import SurveyModel

extension InstrumentParser {
    /// Reads a mapping with a fixed set of keys, reporting unknown, repeated and missing keys.
    ///
    /// - Parameters:
    ///   - node: The mapping.
    ///   - what: How the mapping is named in messages, e.g. `group "learner"`.
    ///   - context: The phrase after a key in messages; `in <what>` by default.
    ///   - allowed: The keys the mapping may have, in the order messages list them.
    ///   - required: The keys it must have.
    /// - Returns: The fields, or `nil` when the node is not a mapping.
    mutating func fields(
        _ node: YAMLNode, of what: String, context: String? = nil, allowed: [String], required: [String] = []
    ) -> YAMLFields? {
        guard let pairs = node.pairs else {
            fail(node, "expected a mapping for \(what), found \(node.found)")
            return nil
        }
        let context = context ?? "in \(what)"
        var entries: [String: YAMLPair] = [:]
        var seen: [String: YAMLNode] = [:]
        var suggested: Set<String> = []
        let present = Set(pairs.compactMap { $0.key.scalarText })
        let absent = allowed.filter { !present.contains($0) }
        for pair in pairs {
            guard let key = pair.key.scalarText else {
                fail(pair.key, "expected a key name \(context), found \(pair.key.found)")
                continue
            }
            if let first = seen[key] {
                fail(pair.key, "duplicate key \(key.quotedForMessage) \(context) (first at \(first.position))")
                continue
            }
            seen[key] = pair.key
            guard allowed.contains(key) else {
                var message = "unknown key \(key.quotedForMessage) \(context); expected one of: "
                message += allowed.joined(separator: ", ")
                if let close = Suggestion.closest(to: key, among: absent) {
                    message += " (did you mean \(close.quotedForMessage)?)"
                    suggested.insert(close)
                }
                fail(pair.key, message)
                continue
            }
            entries[key] = pair
        }
        // A misspelt required key has been reported as unknown, with the suggestion.
        for key in required where entries[key] == nil && !suggested.contains(key) {
            fail(node, "missing required key \(key.quotedForMessage) \(context)")
        }
        return YAMLFields(node: node, entries: entries)
    }

    /// Reads a mapping whose keys are names (group ids, scale codes, waves), reporting repeated
    /// and non-scalar keys.
    ///
    /// - Returns: The entries in file order without repeats, or `nil` when the node is not a
    ///   mapping.
    mutating func entries(_ node: YAMLNode, of what: String) -> [(name: String, pair: YAMLPair)]? {
        guard let pairs = node.pairs else {
            fail(node, "expected a mapping for \(what), found \(node.found)")
            return nil
        }
        var seen: [String: YAMLNode] = [:]
        var result: [(name: String, pair: YAMLPair)] = []
        for pair in pairs {
            guard let name = pair.key.scalarText else {
                fail(pair.key, "expected a name as key in \(what), found \(pair.key.found)")
                continue
            }
            if let first = seen[name] {
                fail(pair.key, "duplicate key \(name.quotedForMessage) in \(what) (first at \(first.position))")
                continue
            }
            seen[name] = pair.key
            result.append((name, pair))
        }
        return result
    }

    /// Reads a list.
    ///
    /// - Returns: The elements, or `nil` (with an error) when the node is not a sequence.
    mutating func list(_ node: YAMLNode, for key: String) -> [YAMLNode]? {
        guard let elements = node.elements else {
            fail(node, "expected a list for \(key.quotedForMessage), found \(node.found)")
            return nil
        }
        return elements
    }

    /// Reads a list of non-empty strings, reporting repeats.
    ///
    /// - Returns: The strings with their nodes, without repeats; `nil` when not a list.
    mutating func stringList(_ node: YAMLNode, for key: String) -> [(text: String, node: YAMLNode)]? {
        guard let elements = list(node, for: key) else { return nil }
        var seen: [String: YAMLNode] = [:]
        var result: [(text: String, node: YAMLNode)] = []
        for element in elements {
            guard let text = string(element, for: key) else { continue }
            if let first = seen[text] {
                fail(element, "duplicate \(text.quotedForMessage) in \(key.quotedForMessage) (first at \(first.position))")
                continue
            }
            seen[text] = element
            result.append((text, element))
        }
        return result
    }

    /// Checks that a name refers to something declared.
    ///
    /// - Parameters:
    ///   - name: The name used.
    ///   - node: Where it is used.
    ///   - kind: What it names: `scale`, `group`, `item`, `dimension`.
    ///   - owner: Who uses it, e.g. `item "T1"`.
    ///   - known: The declared names, in file order.
    ///   - isUsable: `false` when the declarations are too broken to check against; then nothing
    ///     is reported.
    /// - Returns: Whether the name is declared.
    @discardableResult
    mutating func checkReference(
        _ name: String, at node: YAMLNode, kind: String, owner: String, known: [String], isUsable: Bool
    ) -> Bool {
        if known.contains(name) { return true }
        guard isUsable else { return false }
        var message = "\(owner) names unknown \(kind) \(name.quotedForMessage); "
        if known.isEmpty {
            message += "no \(kind)s are declared"
        } else {
            message += "declared \(kind)s: \(Self.nameList(known))"
            if let close = Suggestion.closest(to: name, among: known) {
                message += " (did you mean \(close.quotedForMessage)?)"
            }
        }
        fail(node, message)
        return false
    }

    /// Names joined with commas, at most twelve of them.
    static func nameList(_ names: [String]) -> String {
        let limit = 12
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? shown + ", …" : shown
    }
}
