import SurveyIngest
import Testing

/// Which respondent ids count as a spreadsheet's scientific notation.
@Suite struct SpreadsheetIDsTests {
    @Test(arguments: ["1.18437E+10", "1E+10", "-2.5e-03", "118437E+10"]) func scientific(id: String) {
        #expect(SpreadsheetIDs.isScientific(id.utf8))
    }

    @Test(arguments: ["", "R_1", "11843700000", "12E4", "1.5E", "E+10", "1.E+10", ".5E+10", "1.18437E+10x", "AE+10", "1.18437E+", "abcde+1"])
    func notScientific(id: String) {
        #expect(!SpreadsheetIDs.isScientific(id.utf8))
    }

    @Test func locationPointsAtTheIdField() {
        let at = SpreadsheetIDs.location(of: "1.2E+10", path: "f.csv", line: 7, raw: "x;\"multi\nline\";\"1.2E+10\";4")
        #expect((at.line, at.column) == (8, 7), "the opening quote of the field on the record's second line")
        #expect(SpreadsheetIDs.location(of: "1.2E+10", path: "f.csv", line: 7, raw: nil).column == 1)
    }
}
