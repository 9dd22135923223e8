import SurveyModel
import Yams

extension YAMLDocument {
    /// The `SurveyError` for a Yams syntax error: libYAML's problem text at its position.
    ///
    /// `invalid YAML: found a tab character that violates indentation (while scanning a plain
    /// scalar at line 1, column 4)`.
    static func surveyError(for error: YamlError, text: String, path: String) -> SurveyError {
        func located(_ mark: Mark, _ message: String) -> SurveyError {
            SurveyError(.dataError, at: InputLocation(path: path, line: mark.line, column: mark.column), message)
        }
        func message(_ context: YamlError.Context?, _ problem: String) -> String {
            guard let context else { return "invalid YAML: \(problem)" }
            return "invalid YAML: \(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            return located(mark, message(context, problem))
        case .composer(let context, let problem, let mark, _):
            if problem == "but found another document" {
                return located(mark, "the instrument file holds more than one YAML document; expected one")
            }
            return located(mark, message(context, problem))
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { position(ofCharacterOffset: $0, in: text) } ?? (1, 1)
            return SurveyError(
                .dataError, at: InputLocation(path: path, line: line, column: column), "invalid YAML: \(problem)")
        default:
            return SurveyError(.dataError, path: path, "invalid YAML: \(error)")
        }
    }

    /// The 1-based line and column (in Unicode scalars) of a `Character` offset.
    static func position(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }

    /// Decodes UTF-8 bytes, or reports where the first invalid sequence is.
    ///
    /// - Throws: `SurveyError(.dataError)` at the line and column of the first byte that is not
    ///   valid UTF-8.
    static func decodeUTF8(_ bytes: [UInt8], path: String) throws(SurveyError) -> String {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var column = 1
        var previousWasCR = false
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" && previousWasCR {
                    previousWasCR = false
                    continue decoding
                }
                previousWasCR = scalar == "\r"
                if scalar == "\n" || scalar == "\r" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                break decoding
            case .error:
                throw SurveyError(
                    .dataError, at: InputLocation(path: path, line: line, column: column),
                    "the instrument file is not valid UTF-8; save it as UTF-8")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// YAML syntax errors as the instrument loader reports them, for the other YAML files (the
/// nightly job's configuration, in SurveyKit): one line, at libYAML's position.
public enum YAMLSyntaxError {
    /// The error for what `Yams.compose` threw on `text`.
    ///
    /// - Parameters:
    ///   - error: What Yams threw.
    ///   - text: The text composed (for positions given as offsets).
    ///   - path: The file, for the location.
    ///   - document: What the file is, for messages: `run configuration` ….
    /// - Returns: A `.dataError`, located when libYAML says where, on one line.
    public static func surveyError(for error: any Error, text: String, path: String, document: String) -> SurveyError {
        var result: SurveyError
        if let yaml = error as? YamlError {
            if case .duplicatedKeysInMapping(let keys, let context) = yaml {
                result = SurveyError(
                    .dataError, at: InputLocation(path: path, line: context.mark.line, column: context.mark.column),
                    "duplicate key \((keys.first ?? "").quotedForMessage) in this mapping")
            } else {
                result = YAMLDocument.surveyError(for: yaml, text: text, path: path)
            }
        } else {
            result = SurveyError(.dataError, path: path, "invalid YAML: \(error)")
        }
        result.message = result.message.replacingOccurrences(of: "the instrument file", with: "the \(document)")
        // libYAML's and Yams' texts may hold the offending line and a caret: keep one line.
        result.message = result.message.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        return result
    }
}
