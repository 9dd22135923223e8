import Foundation
import SurveyIngest
import SurveyModel
import SurveyTestSupport
import Testing

/// Writes synthetic exports to a temporary directory and reads them the way `analyze` does.
struct ExportFixture {
    let dir: TemporaryDirectory

    init() throws {
        dir = try TemporaryDirectory()
    }

    /// A minimal instrument: one group, items on a 1–5 scale with `9` = "Not applicable".
    static func instrument(
        items: [String], scale: String = "values: 1..5\n    missing: { \"9\": Not applicable, \"-1\": No basis for evaluation }",
        columns: String = "  respondent: respondent", waves: String = ""
    ) throws -> Instrument {
        let list = items.map { "  - { id: \($0), text: \($0), scale: s }" }.joined(separator: "\n")
        let yaml = """
            instrument: formats-test
            title: Formats test
            \(waves)
            groups:
              learner: { title: Learners, role: learner }
            scales:
              s:
                \(scale)
            items:
            \(list)
            columns:
            \(columns)
            """
        return try InstrumentLoader.parse(yaml: yaml, path: "test.yaml")
    }

    /// Writes a file (text as UTF-8, or raw bytes) and returns its path.
    func file(_ name: String, _ text: String) throws -> String { try dir.write(name, text) }

    /// The format detection picks.
    func detected(_ path: String) throws -> String { try InputFormats.detect(path: path).id }

    /// Reads a file by detection, or by the named format.
    func read(_ path: String, _ instrument: Instrument, format: String? = nil, options: ReadOptions = ReadOptions()) throws -> ReadResult {
        let chosen = try format.map { try InputFormats.named($0) } ?? InputFormats.detect(path: path)
        return try chosen.read(path: path, inputIndex: 0, instrument: instrument, options: options)
    }

    func remove() { dir.remove() }
}

extension ReadResult {
    /// The codes of item `item` in row order.
    func codes(item: Int) -> [Int16] {
        (0..<table.rowCount).map { table.codes[$0 * table.itemCount + item] }
    }

    /// `reason: detail` of every reject.
    var rejectLines: [String] { rejects.map { "\($0.line) \($0.reason): \($0.detail)" } }

    /// Respondent ids in row order.
    var ids: [String] { (0..<table.rowCount).map { table.respondentID($0) } }

    /// Wave label of every row.
    var waves: [String] { (0..<table.rowCount).map { table.waveLabels[Int(table.waves[$0])] } }
}

/// Shorthands for answer codes.
enum Code {
    static let blank = AnswerCode.noAnswer
    static let notShown = AnswerCode.notShown
    static let invalid = AnswerCode.invalid
    static func missing(_ k: Int) -> Int16 { AnswerCode.declaredMissing(k) }
}
