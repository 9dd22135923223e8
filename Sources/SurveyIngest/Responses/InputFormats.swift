import SurveyModel

/// Every format this build reads, in detection order: specific formats first, generic CSV last.
public enum InputFormats {
    /// The registry. Add a format here, before the generic CSV fallback.
    public static let all: [any InputFormat] = [
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

    /// The first format whose detector accepts the file's first 64 KiB.
    public static func detect(path: String) throws(SurveyError) -> any InputFormat {
        let prefix = try InputFile.prefix(path, bytes: 64 * 1024)
        return all.first { $0.detect(prefix: prefix, path: path) } ?? GenericCSVFormat()
    }
}
