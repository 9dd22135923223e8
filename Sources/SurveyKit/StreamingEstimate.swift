import Foundation
import SurveyIngest
import SurveyModel

extension AnalyzeJob {
    /// Bytes of the first part of a text input sampled to estimate its rows.
    static let estimateSampleBytes = 1 << 20

    /// What holding an input's rows in memory would cost, roughly, for `--stream auto`.
    ///
    /// Memory follows rows, not bytes: an export with long open comments has four times the
    /// bytes per row of one without, and the same table. So a text input's rows are estimated
    /// from the line feeds in its first MiB (a comment's line break counts as a row, which errs
    /// towards streaming), at `2 × items + 8 × segments + 64` bytes a row (answer codes,
    /// segment codes, id, line, duration; 140 bytes for 30 items and 2 segments, against 125
    /// measured). A generic XML input's rows are estimated from its `<response` start tags the
    /// same way. Other XML, a sample without records, or one that cannot be read counts its
    /// size in bytes.
    public static func estimatedTableBytes(_ path: String, instrument: Instrument) -> Int {
        let size = fileSize(path)
        guard size > 0, let handle = FileHandle(forReadingAtPath: path) else { return size }
        defer { try? handle.close() }
        guard let sample = try? handle.read(upToCount: estimateSampleBytes), !sample.isEmpty else { return size }
        let records = sample.withUnsafeBytes { raw -> Int in
            let bytes = raw.bindMemory(to: UInt8.self)
            // XML (after any byte-order mark and white space): generic `<response>` records.
            if let first = bytes.first(where: { $0 > 0x20 && $0 < 0x80 }), first == UInt8(ascii: "<") {
                return XMLResponseReader.responseStartTags(in: bytes)
            }
            return bytes.reduce(0) { $0 &+ ($1 == 0x0A ? 1 : 0) }
        }
        guard records > 0 else { return size }
        let rows = Double(size) * Double(records) / Double(sample.count)
        let rowBytes = 2 * instrument.items.count + 8 * instrument.columns.segments.count + 64
        return Int(min(Double(Int.max / 2), rows * Double(rowBytes)))
    }
}
