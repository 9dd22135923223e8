@testable import SurveyReport
import Testing

@Suite struct TextFormattingTests {
    @Test(arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (1234567, "1,234,567"), (-4500, "-4,500")])
    func counts(n: Int, text: String) { #expect(TextFormatting.count(n) == text) }

    @Test func fixedAndSignedNeverPrintNegativeZero() {
        #expect(TextFormatting.fixed(-0.04, 1) == "0.0")
        #expect(TextFormatting.fixed(2.25, 1) == "2.2" || TextFormatting.fixed(2.25, 1) == "2.3")
        #expect(TextFormatting.signed(3.14159, 2) == "+3.14")
        #expect(TextFormatting.signed(-0.001, 1) == "0.0")
        #expect(TextFormatting.signed(-1.5, 1) == "-1.5")
        #expect(TextFormatting.percent(0.7012) == "70.1%")
    }

    @Test func sparklinesScaleBetweenMinimumAndMaximum() {
        #expect(TextFormatting.sparkline([1, 2, 3]) == "▁▅█")
        #expect(TextFormatting.sparkline([5, nil, 5]) == "▄·▄")
        #expect(TextFormatting.sparkline([nil, nil]) == "··")
    }

    @Test func barsUseEighthBlocks() {
        #expect(TextFormatting.bar(100, width: 4) == "████")
        #expect(TextFormatting.bar(0, width: 4) == "")
        #expect(TextFormatting.bar(50, width: 3) == "█▌")
        #expect(TextFormatting.bar(150, width: 2) == "██")
    }

    @Test func paddingCutsWithAnEllipsis() {
        #expect(TextFormatting.pad("abc", 5) == "abc  ")
        #expect(TextFormatting.pad("abcdef", 4) == "abc…")
        #expect(TextFormatting.right("7", 3) == "  7")
    }
}
