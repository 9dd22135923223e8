import SurveyModel
import Testing

@Suite struct ResponseTableTests {
    func makeTable() -> ResponseTable {
        var t = ResponseTable(itemCount: 2, segmentNames: ["campus"], hasDurations: true)
        let w1 = t.waveCode("2025")
        let north = t.segmentCode(0, "North")
        t.append(answers: [4, AnswerCode.noAnswer], group: 0, wave: w1, segments: [north], duration: 300, id: Array("R1".utf8), origin: RowOrigin(input: 0, line: 2))
        let w2 = t.waveCode("2026")
        t.append(answers: [AnswerCode.invalid, 2], group: 1, wave: w2, segments: [ResponseTable.missingSegment], id: Array("R2".utf8), origin: RowOrigin(input: 0, line: 3))
        return t
    }

    @Test func appendsAndInterns() {
        var t = makeTable()
        #expect(t.rowCount == 2)
        #expect(t.waveLabels == ["2025", "2026"])
        #expect(t.waveCode("2025") == 0)
        #expect(t.respondentID(1) == "R2")
        #expect(Array(t.answers(1)) == [AnswerCode.invalid, 2])
        #expect(t.answeredCount(0) == 1)
        #expect(t.durations[0] == 300)
        #expect(t.durations[1].isNaN)
    }

    @Test func filteringKeepsRowsInOrder() {
        let t = makeTable().filtered([false, true])
        #expect(t.rowCount == 1)
        #expect(t.respondentID(0) == "R2")
        #expect(t.origins == [RowOrigin(input: 0, line: 3)])
        #expect(t.waveLabels == ["2025", "2026"])
    }

    @Test func appendingReinternsLabels() {
        var a = ResponseTable(itemCount: 2, segmentNames: ["campus"], hasDurations: true)
        let w = a.waveCode("2026")
        let city = a.segmentCode(0, "City")
        a.append(answers: [1, 1], group: 0, wave: w, segments: [city], id: Array("A".utf8), origin: RowOrigin(input: 1, line: 2))
        var b = makeTable()
        b.append(contentsOf: a)
        #expect(b.rowCount == 3)
        #expect(b.waveLabels[Int(b.waves[2])] == "2026")
        #expect(b.segmentValues[0][Int(b.segmentCodes[0][2])] == "City")
        #expect(b.respondentID(2) == "A")
    }

    @Test func answerCodesSeparateAnswersFromSentinels() {
        #expect(AnswerCode.isAnswer(-1000))
        #expect(AnswerCode.isAnswer(1000))
        for sentinel in [AnswerCode.absent, AnswerCode.noAnswer, AnswerCode.notShown, AnswerCode.invalid, AnswerCode.declaredMissing(3)] {
            #expect(!AnswerCode.isAnswer(sentinel))
        }
    }

    @Test func messagesQuoteAndCutOffendingText() {
        #expect("a\"b\nc".quotedForMessage == "\"a\\\"b\\nc\"")
        #expect(String(repeating: "x", count: 50).quotedForMessage == "\"" + String(repeating: "x", count: 40) + "…\"")
        let e = SurveyError(.dataError, at: InputLocation(path: "f.csv", line: 3, column: 7), "bad")
        #expect(e.description == "f.csv:3:7: error: bad")
        #expect(e.exitCode == 65)
        #expect(SurveyError(.noInput, path: "x", "gone").description == "x: error: gone")
    }
}
