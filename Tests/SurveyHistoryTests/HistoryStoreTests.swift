import Foundation
import SurveyHistory
import SurveyTestSupport
import Testing

@Suite struct HistoryStoreTests {
    @Test func opensARealFileDatabase() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try HistoryStore(path: dir.path("history.sqlite"))
        #expect(FileManager.default.fileExists(atPath: dir.path("history.sqlite")))
    }
}
