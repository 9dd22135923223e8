import Foundation
import Logging

/// How the nightly job writes its log lines on stderr.
public enum RunLogFormat: String, Sendable, CaseIterable {
    /// `info [step] message`, for a person or a cron mail.
    case text
    /// One JSON object per line with `level`, `step`, `message` and any other metadata as
    /// strings, keys sorted — for a log collector.
    case json
}

/// A swift-log handler writing one line per event to stderr, as text or JSON lines.
///
/// Lines carry no timestamp: cron, systemd and log collectors add their own, and the job's
/// outputs stay free of wall-clock values.
public struct RunLogHandler: LogHandler {
    /// The line format.
    public var format: RunLogFormat
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    private let sink: @Sendable (String) -> Void

    /// Creates a handler; `sink` receives each line with its newline (stderr by default).
    public init(format: RunLogFormat, sink: @escaping @Sendable (String) -> Void = RunLogHandler.standardError) {
        self.format = format
        self.sink = sink
    }

    /// Metadata by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one event as one line.
    public func log(event: LogEvent) {
        var fields = metadata
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        sink(Self.line(level: event.level, message: "\(event.message)", metadata: fields, format: format))
    }

    /// One formatted line, newline included.
    public static func line(level: Logger.Level, message: String, metadata: Logger.Metadata, format: RunLogFormat) -> String {
        let step = metadata["step"].map { "\($0)" } ?? "run"
        switch format {
        case .text:
            // One event, one line, whatever a label or a path put in the message.
            let extra = metadata.filter { $0.key != "step" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)".oneLineForMessage }
            return "\(level) [\(step)] \(message.oneLineForMessage)" + (extra.isEmpty ? "" : " " + extra.joined(separator: " ")) + "\n"
        case .json:
            var object: [String: String] = ["level": "\(level)", "message": message, "step": step]
            for (key, value) in metadata where object[key] == nil { object[key] = "\(value)" }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(object)) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    /// Writes a line to stderr in one `write(2)`.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}

extension Logger {
    /// The nightly job's logger in a format.
    public static func run(format: RunLogFormat) -> Logger {
        Logger(label: "surveykpi.run") { _ in RunLogHandler(format: format) }
    }

    /// Logs one step of the job.
    func step(_ step: String, _ message: String, level: Logger.Level = .info) {
        log(level: level, "\(message)", metadata: ["step": "\(step)"])
    }
}
