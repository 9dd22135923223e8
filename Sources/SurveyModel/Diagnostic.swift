/// A problem that does not stop the run: an invalid answer, an encoding fallback.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Hashable, Sendable { case warning, note }

    /// How bad it is.
    public var severity: Severity
    /// Where, when known.
    public var location: InputLocation?
    /// Which file, when there is no line to point at.
    public var path: String?
    /// What was found and what was expected.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, at location: InputLocation?, path: String? = nil, _ message: String) {
        self.severity = severity
        self.location = location
        self.path = path ?? location?.path
        self.message = message
    }

    /// `path:line:column: warning: message`.
    public var description: String {
        let message = self.message.oneLineForMessage
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        if let path { return "\(path): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(message)"
    }
}
