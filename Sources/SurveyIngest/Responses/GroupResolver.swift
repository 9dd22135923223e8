import SurveyModel

/// Maps the text of a group field to a group index: the group id or any of its `values:`,
/// compared after trimming, case-insensitively.
struct GroupResolver {
    private var lookup: [[UInt8]: UInt16] = [:]

    init(_ instrument: Instrument) {
        for (index, group) in instrument.groups.enumerated() {
            for name in [group.id] + group.values {
                let key = AnswerDecoder.folded(AnswerDecoder.trimmed(Array(name.utf8)[...])[...])
                if lookup[key] == nil { lookup[key] = UInt16(index) }
            }
        }
    }

    func resolve(_ field: UnsafeBufferPointer<UInt8>) -> UInt16? {
        lookup[AnswerDecoder.folded(AnswerDecoder.trimmed(Array(field)[...])[...])]
    }
}
