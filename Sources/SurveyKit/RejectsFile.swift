import Foundation
import SurveyModel

/// The rejects file: one CSV row per rejected record with file, line, reason and the record
/// as it was read, so nothing is lost.
public enum RejectsFile {
    /// The CSV text for a list of rejected records (header always present).
    public static func csv(_ rejects: [RejectedRecord]) -> String {
        var out = "file,line,reason,detail,record\r\n"
        for r in rejects {
            out += [r.path, String(r.line), r.reason, r.detail, r.raw].map(quote).joined(separator: ",") + "\r\n"
        }
        return out
    }

    private static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
