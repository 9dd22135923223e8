import SurveyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension InputFile {
    /// Refuses a path that names neither a file nor a pipe: a directory, a socket, or a device
    /// such as `/dev/zero` or `/dev/urandom`, whose reading never ends (a hang that fills memory).
    ///
    /// A path that does not exist passes: the read that follows reports it.
    ///
    /// - Parameters:
    ///   - path: The path as the user named it.
    ///   - what: What the file is, for the message: `input`, `instrument`, `actions file` ….
    /// - Throws: ``SurveyError`` `.noInput` (exit 66): `path: error: cannot read input: it is a
    ///   device, not a file`.
    public static func requireFile(_ path: String, what: String = "input") throws(SurveyError) {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        let reason: String?
        switch st.st_mode & S_IFMT {
        case S_IFDIR: reason = "it is a directory"
        case S_IFCHR, S_IFBLK: reason = "it is a device, not a file"
        case S_IFSOCK: reason = "it is a socket, not a file"
        default: reason = nil
        }
        if let reason { throw SurveyError(.noInput, path: path, "cannot read \(what): \(reason)") }
    }
}
