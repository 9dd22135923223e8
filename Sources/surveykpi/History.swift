import ArgumentParser
import SurveyKit
import SurveyModel

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "KPI values over every stored wave, with the trend test between the last two.",
        discussion: "Reads the history database `surveykpi run` writes; never changes it.")

    @Option(help: "The history database.")
    var database: String

    @Option(help: "Only this instrument id.")
    var instrument: String?

    @Option(help: "Only this KPI id.")
    var kpi: String?

    @Option(help: "Only this group id (or all).")
    var group: String?

    @Option(help: "Output format: text, json or csv.")
    var format: HistoryFormat = .text

    func run() throws {
        try runReporting {
            Console.out(try HistoryJob.run(HistoryRequest(database: database, instrument: instrument, kpi: kpi, group: group, format: format)))
        }
    }
}

extension HistoryFormat: ExpressibleByArgument {}
