/// Everything a read yields that must not depend on how the input was read (whole, streamed in
/// pieces, on one thread or two), but its hash.
public struct ReadFingerprint: Equatable {
    var counts: [Int]
    var encoding: String
    var codes: [Int16]
    var groups: [UInt16]
    var waves: [String]
    var segments: [[String]]
    var weights: [Double]
    var ids: [String]
    var lines: [Int]
    var rejects: [String]
    var diagnostics: [String]

    public init(_ result: ReadResult) {
        let s = result.summary
        let t = result.table
        counts = [s.read, s.accepted, s.rejected, s.invalidAnswers]
        encoding = s.encoding
        codes = t.codes
        groups = t.groups
        waves = t.waves.map { t.waveLabels[Int($0)] }
        segments = t.segmentCodes.enumerated().map { s, codes in
            codes.map { $0 == ResponseTable.missingSegment ? "" : t.segmentValues[s][Int($0)] }
        }
        weights = t.weights
        ids = (0..<t.rowCount).map(t.respondentID)
        lines = (0..<t.rowCount).map { t.origins[$0].line }
        rejects = result.rejects.map { "\($0.line) \($0.reason) \($0.detail) \($0.raw)" }
        diagnostics = result.diagnostics.map(\.description)
    }
}

/// Whether two reads of one input agree: the same error, or results with the same fingerprint.
public func sameRead(_ a: Result<ReadResult, SurveyError>, _ b: Result<ReadResult, SurveyError>) -> Bool {
    switch (a, b) {
    case let (.success(x), .success(y)): ReadFingerprint(x) == ReadFingerprint(y)
    case let (.failure(x), .failure(y)): x == y
    default: false
    }
}
