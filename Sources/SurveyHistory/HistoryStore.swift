import GRDB
import SurveyModel
import SurveyStatistics

/// The KPI history: results per (instrument, wave, group, segment, measure) in a SQLite file.
public final class HistoryStore {
    let queue: DatabaseQueue

    /// Opens (creating if needed) the database at `path`.
    public init(path: String) throws {
        queue = try DatabaseQueue(path: path)
    }
}
