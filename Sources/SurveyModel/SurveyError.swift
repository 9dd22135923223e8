/// An error the user can act on: what went wrong, where, and which exit code it earns.
///
/// Every layer throws this one type so that the command line decides exit codes in one place.
/// The message names the offending text and what was expected; the location, when known, is
/// printed first in the compiler style `path:line:column: error: message`.
public struct SurveyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of failure, which fixes the process exit code (SPEC §7).
    public enum Kind: Hashable, Sendable {
        /// Bad command-line usage (exit 64).
        case usage
        /// Bad input data or a bad instrument (exit 65).
        case dataError
        /// An input file does not exist or cannot be opened (exit 66).
        case noInput
        /// An output cannot be written (exit 73).
        case cannotCreate
        /// Another run holds the lock (exit 75).
        case locked
        /// A bug: something that should not happen (exit 1).
        case internalError
    }

    /// The class of failure.
    public var kind: Kind
    /// Where in which file, when the error is about a file.
    public var location: InputLocation?
    /// The path alone, when there is no line to point at.
    public var path: String?
    /// A complete sentence fragment: what was found and what was expected.
    public var message: String

    /// Creates an error at a location.
    public init(_ kind: Kind, at location: InputLocation?, _ message: String) {
        self.kind = kind
        self.location = location
        self.path = location?.path
        self.message = message
    }

    /// Creates an error about a whole file.
    public init(_ kind: Kind, path: String?, _ message: String) {
        self.kind = kind
        self.location = nil
        self.path = path
        self.message = message
    }

    /// The process exit code SPEC §7 gives this kind of failure.
    public var exitCode: Int32 {
        switch kind {
        case .usage: 64
        case .dataError: 65
        case .noInput: 66
        case .cannotCreate: 73
        case .locked: 75
        case .internalError: 1
        }
    }

    /// `path:line:column: error: message`, or `path: error: message`, or `error: message`;
    /// always one line (see ``String/oneLineForMessage``).
    public var description: String {
        let message = self.message.oneLineForMessage
        if let location { return "\(location): error: \(message)" }
        if let path { return "\(path): error: \(message)" }
        return "error: \(message)"
    }
}

extension String {
    /// The text with CR and LF written `\r` and `\n`: a message printed to a terminal or a log
    /// stays on its line whatever the input put in it (a wave label, a libxml2 report), so no
    /// file can forge a log line.
    public var oneLineForMessage: String {
        guard contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return self }
        var escaped = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The text quoted for a message, cut to about 40 characters so a huge field cannot flood it.
    public var quotedForMessage: String {
        let limit = 40
        var text = self
        if text.count > limit { text = String(text.prefix(limit)) + "…" }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    escaped += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return "\"" + escaped + "\""
    }
}
