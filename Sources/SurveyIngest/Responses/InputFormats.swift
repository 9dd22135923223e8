import Foundation
import SurveyModel

/// Every format this build reads, in detection order: specific formats first, generic CSV last.
public enum InputFormats {
    /// The registry. Add a format here, before the generic CSV fallback.
    public static let all: [any InputFormat] = [
        LimeSurveyCSVFormat(),
        QualtricsCSVFormat(),
        SurveyMonkeyCSVFormat(),
        GoogleFormsCSVFormat(),
        MicrosoftFormsCSVFormat(),
        LimeSurveyXMLFormat(),
        TripleSFormat(),
        GenericXMLFormat(),
        GenericCSVFormat(),
    ]

    /// Format ids, for messages and `--input-format`.
    public static var ids: [String] { all.map(\.id) }

    /// The format named by `--input-format`.
    public static func named(_ id: String) throws(SurveyError) -> any InputFormat {
        guard let format = all.first(where: { $0.id == id }) else {
            throw SurveyError(.usage, path: nil, "unknown input format \(id.quotedForMessage); expected one of \(ids.joined(separator: ", "))")
        }
        return format
    }

    /// The one specific format whose detector accepts the file's first 64 KiB, else the generic
    /// CSV fallback.
    ///
    /// - Throws: `.dataError` naming the candidates when more than one specific format accepts
    ///   the file (`--input-format` then decides).
    public static func detect(path: String) throws(SurveyError) -> any InputFormat {
        let prefix = try InputFile.prefix(path, bytes: 64 * 1024)
        let fileExtension = (path as NSString).pathExtension.lowercased()
        if prefix.isEmpty, ["xml", "lsr", "lss", "sss"].contains(fileExtension) {
            throw SurveyError(.dataError, at: InputLocation(path: path, line: 1, column: 1), "empty file; expected an XML document (a generic XML export, a LimeSurvey .lsr or Triple-S metadata)")
        }
        // A LimeSurvey structure file holds questions, not answers: say which file to give.
        if prefix.firstRange(of: Array("<LimeSurveyDocType>Survey</LimeSurveyDocType>".utf8)) != nil {
            throw SurveyError(.dataError, path: path, "this is a LimeSurvey survey structure (.lss), which holds no responses; give the responses export (.lsr) as the input and this file with --structure")
        }
        let fallback = GenericCSVFormat()
        let candidates = all.filter { $0.id != fallback.id && $0.detect(prefix: prefix, path: path) }
        if candidates.count > 1 {
            let names = candidates.map(\.id).joined(separator: ", ")
            throw SurveyError(.dataError, path: path, "cannot tell the input format: the file looks like each of \(names); name one with --input-format")
        }
        return candidates.first ?? fallback
    }
}
