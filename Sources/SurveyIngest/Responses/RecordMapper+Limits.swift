import SurveyModel

extension RecordMapper {
    /// A record over the CSV limits (``CSVLimits``, `--max-field-bytes`): before the header is
    /// bound it is the header, and an error; after, it is read and rejected (`field-too-large`,
    /// or `field-count` for too many fields) with the bytes the tokenizer kept.
    mutating func consumeOversized(_ record: borrowing CSVOversizedRecord) throws(SurveyError) {
        guard let binding else { throw record.headerError(path: path) }
        read += 1
        rejects.append(record.rejected(path: path, expectedFields: binding.fieldCount))
    }
}
