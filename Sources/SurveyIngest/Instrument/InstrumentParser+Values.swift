import SurveyModel

/// Typed reads of scalar values. Each reports `expected <what> for "<key>", found <node>` and
/// returns `nil` when the value does not fit. Quoting does not matter (`"5"` is the integer 5),
/// except that a quoted `"null"` is a string.
extension InstrumentParser {
    /// A non-empty string; numbers and booleans are kept as written (`2026.1` → `"2026.1"`).
    mutating func string(_ node: YAMLNode, for key: String) -> String? {
        guard let text = node.scalarText, !node.isNull else {
            fail(node, "expected a string for \(key.quotedForMessage), found \(node.found)")
            return nil
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            fail(node, "expected a non-empty string for \(key.quotedForMessage), found \(node.found)")
            return nil
        }
        return text
    }

    /// A string or `null`: `.some(nil)` for null, `nil` after an error.
    mutating func optionalString(_ node: YAMLNode, for key: String) -> String?? {
        if node.isNull { return .some(nil) }
        guard let text = string(node, for: key) else { return nil }
        return .some(text)
    }

    /// An integer in decimal notation, optionally within a range.
    ///
    /// - Parameter expecting: How the message names what was expected, e.g. `an integer >= 1`.
    mutating func integer(
        _ node: YAMLNode, for key: String, in range: ClosedRange<Int>? = nil, expecting: String = "an integer"
    ) -> Int? {
        guard let value = Self.integerValue(of: node), range?.contains(value) ?? true else {
            fail(node, "expected \(expecting) for \(key.quotedForMessage), found \(node.found)")
            return nil
        }
        return value
    }

    /// A finite decimal number that passes a test.
    ///
    /// - Parameter expecting: How the message names what was expected, e.g. `a positive number`.
    mutating func number(
        _ node: YAMLNode, for key: String, expecting: String = "a number", where isValid: (Double) -> Bool = { _ in true }
    ) -> Double? {
        guard let value = Self.numberValue(of: node), isValid(value) else {
            fail(node, "expected \(expecting) for \(key.quotedForMessage), found \(node.found)")
            return nil
        }
        return value
    }

    /// `true` or `false` (YAML 1.1 spellings such as `yes` and `off` too).
    mutating func bool(_ node: YAMLNode, for key: String) -> Bool? {
        switch node.scalarText {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default:
            fail(node, "expected true or false for \(key.quotedForMessage), found \(node.found)")
            return nil
        }
    }

    /// One of a fixed set of words.
    mutating func choice<Value: RawRepresentable<String>>(
        _ node: YAMLNode, for key: String, among options: [Value]
    ) -> Value? {
        if let text = node.scalarText, !node.isNull, let value = options.first(where: { $0.rawValue == text }) {
            return value
        }
        let names = options.map(\.rawValue)
        let expected =
            names.count == 2 ? "\(names[0]) or \(names[1])" : "one of \(names.joined(separator: ", "))"
        var message = "expected \(expected) for \(key.quotedForMessage), found \(node.found)"
        if let text = node.scalarText, let close = Suggestion.closest(to: text, among: names) {
            message += " (did you mean \(close.quotedForMessage)?)"
        }
        fail(node, message)
        return nil
    }

    /// Checks an id of a group, scale, dimension, item or KPI: letters, digits, `_`, `-`, `.`.
    @discardableResult
    mutating func checkIdentifier(_ id: String, at node: YAMLNode, kind: String) -> Bool {
        let isValid =
            !id.isEmpty
            && id.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "_" || scalar == "-" || scalar == "."
            }
        if !isValid {
            fail(node, "invalid \(kind) id \(id.quotedForMessage); ids use only letters, digits, \"_\", \"-\" and \".\"")
        }
        return isValid
    }

    /// The integer a scalar spells in decimal (`7`, `-3`, `09`), if any.
    static func integerValue(of node: YAMLNode) -> Int? {
        guard let text = node.scalarText, !node.isNull else { return nil }
        return Int(text)
    }

    /// The finite number a scalar spells in decimal notation (`75`, `0.8`, `1e-3`), if any.
    static func numberValue(of node: YAMLNode) -> Double? {
        guard let text = node.scalarText, !text.isEmpty,
            text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }),
            let value = Double(text), value.isFinite
        else { return nil }
        return value
    }
}
