import SurveyModel
import Yams

/// Turns YAML text into a `YAMLNode` tree with Yams, mapping every syntax error to a
/// `SurveyError` at its line and column.
///
/// Yams rejects a mapping with a repeated key but reports only the first occurrence. To point at
/// the second occurrence (and keep checking the rest of the file), the first occurrence's first
/// character is swapped for a private-use character of the same width and the text is parsed
/// again; the tree gets the original key back, and the instrument parser reports the repeat.
enum YAMLDocument {
    /// A hostile file can multiply nodes with aliases; more than this many is refused.
    static let maximumNodeCount = 200_000
    /// At most this many repeated keys are worked around before giving up.
    static let maximumKeyPatches = 200

    /// Parses the single document in `text`.
    ///
    /// - Returns: The root node, or `nil` when the text holds no document (empty or comments).
    /// - Throws: `SurveyError(.dataError)` at the place of a YAML syntax error.
    static func compose(_ text: String, path: String) throws(SurveyError) -> YAMLNode? {
        var text = text
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        var patches: [Position: Unicode.Scalar] = [:]
        while true {
            let root: Node?
            do {
                root = try Yams.compose(yaml: text)
            } catch let error as YamlError {
                if case .duplicatedKeysInMapping(let keys, let context) = error {
                    let position = Position(line: context.mark.line, column: context.mark.column)
                    if patches.count < maximumKeyPatches, patches[position] == nil,
                        let (patched, original) = patch(text, at: position, counter: patches.count)
                    {
                        text = patched
                        patches[position] = original
                        continue
                    }
                    let key = keys.first ?? ""
                    throw SurveyError(
                        .dataError, at: InputLocation(path: path, line: position.line, column: position.column),
                        "duplicate key \(key.quotedForMessage) in this mapping")
                }
                throw surveyError(for: error, text: text, path: path)
            } catch {
                throw SurveyError(.dataError, path: path, "invalid YAML: \(error)")
            }
            guard let root else { return nil }
            var budget = maximumNodeCount
            guard let tree = convert(root, patches: patches, budget: &budget) else {
                throw SurveyError(
                    .dataError, at: InputLocation(path: path, line: 1, column: 1),
                    "the instrument file expands to more than \(maximumNodeCount) YAML nodes (aliases?)")
            }
            return tree
        }
    }

    /// A line and column, 1-based.
    struct Position: Hashable {
        var line: Int
        var column: Int
    }

    /// Copies a Yams node into a `YAMLNode`, restoring patched keys; `nil` when over budget.
    private static func convert(_ node: Node, patches: [Position: Unicode.Scalar], budget: inout Int) -> YAMLNode? {
        budget -= 1
        guard budget >= 0 else { return nil }
        let line = node.mark?.line ?? 1
        let column = node.mark?.column ?? 1
        switch node {
        case .scalar(let scalar):
            var text = scalar.string
            if let original = patches[Position(line: line, column: column)], !text.unicodeScalars.isEmpty {
                text.unicodeScalars.replaceSubrange(
                    text.unicodeScalars.startIndex...text.unicodeScalars.startIndex, with: [original])
            }
            let isPlain = scalar.style == .plain || scalar.style == .any
            return YAMLNode(content: .scalar(text, isPlain: isPlain), line: line, column: column)
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                guard let key = convert(key, patches: patches, budget: &budget),
                    let value = convert(value, patches: patches, budget: &budget)
                else { return nil }
                pairs.append(YAMLPair(key: key, value: value))
            }
            return YAMLNode(content: .mapping(pairs), line: line, column: column)
        case .sequence(let sequence):
            var elements: [YAMLNode] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence {
                guard let element = convert(element, patches: patches, budget: &budget) else { return nil }
                elements.append(element)
            }
            return YAMLNode(content: .sequence(elements), line: line, column: column)
        case .alias(let alias):
            return YAMLNode(content: .scalar("*\(alias.anchor.rawValue)", isPlain: false), line: line, column: column)
        }
    }

    /// Replaces the first character of the scalar key at `position` with a private-use
    /// character, so that the key no longer repeats; `nil` when the key cannot be patched safely.
    private static func patch(
        _ text: String, at position: Position, counter: Int
    ) -> (text: String, original: Unicode.Scalar)? {
        var scalars = Array(text.unicodeScalars)
        guard var index = scalarIndex(of: position, in: scalars) else { return nil }
        if scalars[index] == "\"" || scalars[index] == "'" {
            let quote = scalars[index]
            index += 1
            guard index < scalars.count, scalars[index] != quote, scalars[index] != "\\" else { return nil }
        }
        let original = scalars[index]
        guard !"&!*[]{}|>#,:?\"' \t\r\n".unicodeScalars.contains(original),
            let replacement = Unicode.Scalar(0xE000 + UInt32(counter))
        else { return nil }
        scalars[index] = replacement
        var patched = String.UnicodeScalarView()
        patched.append(contentsOf: scalars)
        return (String(patched), original)
    }

    /// The index of the scalar at a libYAML position (lines broken by LF, CR, CRLF, NEL, LS, PS).
    static func scalarIndex(of position: Position, in scalars: [Unicode.Scalar]) -> Int? {
        var line = 1
        var index = 0
        while line < position.line {
            guard index < scalars.count else { return nil }
            let scalar = scalars[index]
            index += 1
            if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
            if isBreak(scalar) { line += 1 }
        }
        let target = index + position.column - 1
        guard target < scalars.count else { return nil }
        for probe in index..<target where isBreak(scalars[probe]) { return nil }
        return target
    }

    private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
