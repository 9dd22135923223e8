import Foundation
import SurveyIngest
import SurveyModel
#if canImport(Glibc)
import Glibc
#endif

/// The nightly job's configuration file (SPEC §8): which instruments with which input globs, the
/// history database, the output directory and the formats. Paths are relative to the file's
/// folder.
///
/// ```yaml
/// database: ../var/surveykpi.sqlite
/// output: ../var/reports
/// formats: [text, json, csv, prometheus]
/// instruments:
///   - instrument: stakeholder-survey.yaml
///     inputs: ["../Datasets/demo/stakeholder-*.csv"]
/// ```
///
/// An entry may also give `input-format`, `wave` and `group`, as `analyze` does. With the
/// `markdown` or `html` format, `actions: FILE` names the improvement-actions file the review
/// packs review.
public struct NightlyConfig: Sendable {
    /// One instrument and its inputs.
    public struct Entry: Sendable {
        /// The instrument file, relative to the config's folder.
        public var instrument: String
        /// Glob patterns, relative to the config's folder.
        public var inputs: [String]
        /// `wave`, `group`, `input-format`.
        public var read: ReadOptions
        /// Where the entry is written, for messages.
        public var location: InputLocation
    }

    /// The file as given.
    public var path: String
    /// Its folder, absolute: every relative path in the file is relative to it.
    public var directory: String
    /// The history database (`nil` when the file names none).
    public var database: String?
    /// The output directory (`nil` when the file names none).
    public var output: String?
    /// Output formats, in file order (default `text, json, csv, prometheus`).
    public var formats: [OutputFormat]
    /// The improvement-actions file for the review packs (`actions:`), relative to the
    /// config's folder; its actions may link to any of the run's instruments.
    public var actions: String?
    /// The instruments, in file order.
    public var instruments: [Entry]

    /// The formats used when the file names none.
    public static let defaultFormats: [OutputFormat] = [.text, .json, .csv, .prometheus]

    /// Reads and checks a configuration file.
    ///
    /// - Throws: ``SurveyError`` `.noInput` (66) when the file cannot be read, `.dataError` (65)
    ///   at the line and column of anything wrong in it.
    public static func load(path: String) throws(SurveyError) -> NightlyConfig {
        try InputFile.requireFile(path, what: "configuration")
        let text = String(decoding: try InputFile.bytes(path), as: UTF8.self)
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let directory = ((absolute as NSString).deletingLastPathComponent as NSString).standardizingPath
        return try parse(yaml: text, path: path, directory: directory)
    }

    /// The files a pattern matches, sorted; a pattern without wildcards names one file.
    ///
    /// - Parameters:
    ///   - pattern: A `glob(3)` pattern, relative to the working directory.
    ///   - location: Where the pattern is written, for the error.
    /// - Throws: ``SurveyError`` `.noInput` (66) when nothing matches.
    public static func expand(_ pattern: String, at location: InputLocation) throws(SurveyError) -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        let status = glob(pattern, 0, nil, &matches)
        var paths: [String] = []
        if status == 0 {
            for i in 0..<Int(matches.gl_pathc) {
                if let p = matches.gl_pathv[i] { paths.append(String(cString: p)) }
            }
        }
        paths = paths.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        guard !paths.isEmpty else {
            throw SurveyError(.noInput, at: location, "no input file matches \(pattern.quotedForMessage)")
        }
        for path in paths { try InputFile.requireFile(path) }
        return paths.sorted()
    }
}
