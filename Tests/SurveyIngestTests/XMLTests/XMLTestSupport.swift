import Foundation
import SurveyModel
import Testing

@testable import SurveyIngest

/// Fixtures under `Fixtures/xml/` and `Fixtures/triple-s/`.
enum XMLFixture {
    /// The absolute path of a fixture, e.g. `xml/generic/responses.xml`.
    static func path(_ name: String) throws -> String {
        let resources = try #require(Bundle.module.resourceURL)
        return resources.appendingPathComponent("Fixtures/\(name)").path
    }

    /// An instrument fixture, loaded.
    static func instrument(_ name: String) throws -> Instrument {
        try InstrumentLoader.load(path: try path(name))
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temporary(_ text: String, name: String = "input.xml") throws -> String {
        try temporary(Array(text.utf8), name: name)
    }

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func temporary(_ bytes: [UInt8], name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("surveykpi-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// The error a throwing read produced, as its message.
    static func error(_ body: () throws -> Void) -> SurveyError? {
        do {
            try body()
            return nil
        } catch let error as SurveyError {
            return error
        } catch {
            return SurveyError(.internalError, path: nil, "\(error)")
        }
    }
}

extension ResponseTable {
    /// The answer codes of the row with a respondent id.
    func answers(of id: String) -> [Int16]? {
        (0..<rowCount).first { respondentID($0) == id }.map { Array(answers($0)) }
    }

    /// The row index of a respondent id.
    func row(of id: String) -> Int? {
        (0..<rowCount).first { respondentID($0) == id }
    }
}
