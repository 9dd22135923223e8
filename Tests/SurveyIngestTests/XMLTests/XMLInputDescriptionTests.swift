import Foundation
import SurveyModel
import Testing

@testable import SurveyIngest

/// `XMLInputDescription.describe`: what `inspect` can show of an XML-based input.
@Suite struct XMLInputDescriptionTests {
    @Test func genericXML() throws {
        let description = try XMLInputDescription.describe(path: try XMLFixture.path("xml/generic/responses.xml"), format: "xml")
        #expect(description.format == "xml" && description.encoding == "utf-8" && description.records == 8)
        let q1 = try #require(description.fields.first { $0.name == "Q1" })
        #expect(q1.values == ["4": 3, "3": 3, "2": 1, "5": 1], "R7 answers Q1 twice (4 and 5)")
        let group = try #require(description.fields.first { $0.name == "group" })
        #expect(group.values == ["learner": 5, "L": 1, "staff": 1, "visitor": 1])
        #expect(description.fields.first { $0.name == "segment campus" }?.values == ["North": 1, "South": 1])
    }

    @Test func limeSurveyColumnsByQuestionCode() throws {
        let description = try XMLInputDescription.describe(path: try XMLFixture.path("xml/limesurvey/survey_123456_responses.lsr"), format: "limesurvey-xml")
        #expect(description.records == 5)
        #expect(description.fields.map(\.name).prefix(9) == ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "SAT[SQ001]", "SAT[SQ002]"])
        let role = try #require(description.fields.first { $0.name == "ROLE" })
        #expect(role.values == ["L": 3, "S": 1, "X": 1])
        #expect(description.fields.first { $0.name == "SAT[SQ003]" }?.blank == 2)
    }

    @Test func tripleSVariables() throws {
        let description = try XMLInputDescription.describe(path: try XMLFixture.path("triple-s/triples_sss-pkg_sample-1.sss"), format: "triple-s")
        #expect(description.encoding == "iso-8859-1" && description.records == 3)
        #expect(description.fields.map(\.name) == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q99"])
        #expect(description.fields[4].label == "Miles travelled")
        #expect(description.fields[4].values == ["12": 1, "999": 1, "58": 1])
        #expect(description.fields[6].blank == 1)
    }

    @Test func anotherFormatIsAUsageError() throws {
        let error = XMLFixture.error { _ = try XMLInputDescription.describe(path: "x.csv", format: "csv") }
        #expect(error?.description == "x.csv: error: format csv is not an XML format; expected xml, limesurvey-xml or triple-s")
        #expect(error?.exitCode == 64)
    }
}
