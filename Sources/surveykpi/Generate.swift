import ArgumentParser
import Foundation
import SurveyIngest
import SurveyKit
import SurveyModel

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write deterministic synthetic responses for an instrument.",
        discussion: "With --output containing {wave}, writes one file per wave (e.g. --output 'Datasets/demo/wave-{wave}.csv').")

    @Option(help: "The instrument file (YAML).")
    var instrument: String

    @Option(help: "Responses in all, spread over the waves and the instrument's groups.")
    var respondents: Int

    @Option(help: "Number of waves.")
    var waves: Int = 1

    @Option(help: "Random seed: the same seed gives the same bytes.")
    var seed: UInt64 = 1

    @Option(help: "Output format: csv, or xml (the generic XML twin of the CSV).")
    var format: String = "csv"

    @Option(help: "Output file (stdout when absent); {wave} in the name splits the output by wave.")
    var output: String?

    @Flag(help: "Mix in duplicates, out-of-scale answers, undeclared groups and short records.")
    var defects = false

    @Option(help: "plain (the instrument's columns), or export (a survey tool's bulk as well: LimeSurvey's metadata columns and long open comments, about 440 bytes a row with 30 items).")
    var shape: String = "plain"

    func validate() throws {
        if respondents < 1 { throw ValidationError("--respondents must be at least 1.") }
        if waves < 1 { throw ValidationError("--waves must be at least 1.") }
        if format != "csv" && format != "xml" { throw ValidationError("--format takes csv or xml.") }
        if DataGenerator.Shape(rawValue: shape) == nil { throw ValidationError("--shape takes plain or export.") }
    }

    func run() throws {
        try runReporting {
            let parsed = try InstrumentLoader.load(path: instrument)
            // Labels beyond the declared waves would be rejected by the instrument they came from.
            if let declared = parsed.waves, declared.count < waves {
                throw SurveyError(.usage, path: instrument, "the instrument declares \(declared.count) wave\(declared.count == 1 ? "" : "s") (\(declared.joined(separator: ", "))); --waves \(waves) asks for more; declare more waves or ask for at most \(declared.count)")
            }
            let generator = DataGenerator(instrument: parsed, options: .init(respondents: respondents, waves: waves, seed: seed, defects: defects, shape: DataGenerator.Shape(rawValue: shape) ?? .plain))
            let xml = format == "xml"
            let header = xml ? generator.xmlPrologue : DataGenerator.csvLine(generator.header)
            let footer = xml ? DataGenerator.xmlEpilogue : ""
            let record: ([String]) -> String = xml ? generator.xmlRecord : DataGenerator.csvLine
            if let output, output.contains("{wave}") {
                var texts = Array(repeating: header, count: generator.waveLabels.count)
                generator.generate { wave, fields in texts[wave] += record(fields) }
                for (wave, text) in texts.enumerated() {
                    try AtomicFile.write(text + footer, to: output.replacingOccurrences(of: "{wave}", with: generator.waveLabels[wave]))
                }
            } else if let output {
                var text = header
                generator.generate { _, fields in text += record(fields) }
                try AtomicFile.write(text + footer, to: output)
            } else {
                let out = FileHandle.standardOutput
                out.write(Data(header.utf8))
                var buffer = ""
                generator.generate { _, fields in
                    buffer += record(fields)
                    if buffer.utf8.count > 1 << 20 {
                        out.write(Data(buffer.utf8))
                        buffer = ""
                    }
                }
                out.write(Data((buffer + footer).utf8))
            }
        }
    }
}
