import SurveyIngest
import SurveyModel
import Yams

extension NightlyConfig {
    /// Parses configuration text; every error names the line and column of the offending node.
    ///
    /// - Parameters:
    ///   - yaml: The file's text.
    ///   - path: The file's path, for messages.
    ///   - directory: The absolute folder relative paths are resolved against.
    public static func parse(yaml: String, path: String, directory: String) throws(SurveyError) -> NightlyConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw YAMLSyntaxError.surveyError(for: error, text: yaml, path: path, document: "run configuration")
        }
        let reader = Reader(path: path)
        guard let root, let mapping = root.mapping else {
            throw reader.error(root, "the run configuration must be a mapping with database, output, formats and instruments")
        }
        var config = NightlyConfig(path: path, directory: directory, database: nil, output: nil, formats: defaultFormats, actions: nil, instruments: [])
        var sawInstruments = false
        for (key, value) in mapping {
            switch key.string ?? "" {
            case "database": config.database = try reader.string(value, "database")
            case "output": config.output = try reader.string(value, "output")
            case "actions": config.actions = try reader.string(value, "actions")
            case "formats":
                config.formats = []
                for node in try reader.list(value, "formats") {
                    let name = try reader.string(node, "a format")
                    guard let format = OutputFormat(rawValue: name) else {
                        throw reader.error(node, "unknown format \(name.quotedForMessage); expected one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    if !config.formats.contains(format) { config.formats.append(format) }
                }
            case "instruments":
                sawInstruments = true
                for node in try reader.list(value, "instruments") { config.instruments.append(try reader.entry(node)) }
            default:
                throw reader.error(key, "unknown key \((key.string ?? "").quotedForMessage) in the run configuration; expected database, output, formats, actions or instruments")
            }
        }
        guard sawInstruments, !config.instruments.isEmpty else {
            throw reader.error(root, "the run configuration names no instrument; add `instruments:` with at least one `instrument:` and its `inputs:`")
        }
        return config
    }
}

/// Reads typed values from YAML nodes, with errors at their position.
private struct Reader {
    let path: String

    func location(_ node: Node?) -> InputLocation {
        InputLocation(path: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    func error(_ node: Node?, _ message: String) -> SurveyError {
        SurveyError(.dataError, at: location(node), message)
    }

    func string(_ node: Node, _ what: String) throws(SurveyError) -> String {
        guard let text = node.scalar?.string, !text.isEmpty else { throw error(node, "\(what) must be a non-empty text") }
        return text
    }

    func list(_ node: Node, _ what: String) throws(SurveyError) -> [Node] {
        guard let sequence = node.sequence else { throw error(node, "\(what) must be a list") }
        return Array(sequence)
    }

    func entry(_ node: Node) throws(SurveyError) -> NightlyConfig.Entry {
        guard let mapping = node.mapping else {
            throw error(node, "each entry of instruments must be a mapping with `instrument:` and `inputs:`")
        }
        var instrument: String?
        var inputs: [String] = []
        var read = ReadOptions()
        for (key, value) in mapping {
            switch key.string ?? "" {
            case "instrument": instrument = try string(value, "instrument")
            case "inputs":
                if value.scalar != nil {
                    inputs = [try string(value, "inputs")]
                } else {
                    inputs = try list(value, "inputs").map { (node: Node) throws(SurveyError) -> String in try string(node, "an input pattern") }
                }
            case "input-format": read.format = try string(value, "input-format")
            case "wave": read.wave = try string(value, "wave")
            case "group": read.group = try string(value, "group")
            default:
                throw error(key, "unknown key \((key.string ?? "").quotedForMessage) in an instruments entry; expected instrument, inputs, input-format, wave or group")
            }
        }
        guard let instrument else { throw error(node, "this instruments entry names no `instrument:`") }
        guard !inputs.isEmpty else { throw error(node, "instrument \(instrument.quotedForMessage) has no `inputs:`") }
        return NightlyConfig.Entry(instrument: instrument, inputs: inputs, read: read, location: location(node))
    }
}
