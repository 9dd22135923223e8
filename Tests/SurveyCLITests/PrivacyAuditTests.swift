import Foundation
import SurveyModel
import SurveyTestSupport
import Testing

/// The privacy audit (issue #9, SPEC §5.8): over generated data sets with random small groups and
/// segment values, no output in any format (text, json, markdown, html, csv, prometheus) carries
/// a respondent id, a free-text comment, or any statistic of a cell under `minimum-n`.
///
/// Three properties per data set:
/// 1. No respondent id and no comment (each a unique random token) appears in any output.
/// 2. Swapping the segment values of two respondents who differ only in that segment, where both
///    values are cells under `minimum-n` (in their group and in `all`), changes no cell that is
///    shown (every other cell holds the same answers in the same order): so every output, and the
///    warnings on stderr, must stay byte for byte the same but for the input's SHA-256. Any
///    difference is a small cell's statistic showing through (a mean, a distribution, a trend, a
///    quality count, a warning about its alpha …).
/// 3. Structurally: in the JSON every cell under `minimum-n` is suppressed and says nothing but its
///    respondents; in the CSV its only row is its respondents; in Prometheus no KPI value is
///    written for a suppressed group.
@Suite struct PrivacyAuditTests {
    static let formats = ["text", "json", "markdown", "html", "csv", "prometheus"]

    @Test(arguments: [11, 23, 37, 41, 59, 73])
    func noOutputCarriesAnIdentityACommentOrASmallCell(seed: Int) throws {
        var data = PrivacyData(seed: UInt64(seed))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("i.yaml", data.instrument)
        try dir.write("d.csv", data.csv())
        let original = try Self.outputs(dir)

        // 1. No identity, no comment.
        for (format, text) in original {
            for id in data.rows.map(\.id) where text.contains(id) { Issue.record("respondent id \(id) in the \(format) output") }
            for comment in data.rows.map(\.comment) where text.contains(comment) { Issue.record("comment \(comment) in the \(format) output") }
        }

        // 3. Structure.
        let report = try #require(try JSONSerialization.jsonObject(with: Data(original["json"]!.utf8)) as? [String: Any])
        let cells = try #require(report["cells"] as? [[String: Any]])
        var suppressed: Set<String> = []
        var small: Set<String> = []
        for cell in cells {
            let key = Self.key(cell)
            let respondents = try #require(cell["respondents"] as? Int)
            if respondents < data.minimumN { small.insert(key) }
            guard !(cell["suppressed"] is NSNull), cell["suppressed"] != nil else {
                #expect(respondents >= data.minimumN, "cell \(key) of \(respondents) < minimum-n \(data.minimumN) is not suppressed")
                for item in cell["items"] as? [[String: Any]] ?? [] where (item["n"] as? Int ?? 0) < data.minimumN {
                    #expect(item["suppressed"] != nil && !(item["suppressed"] is NSNull) && item["mean"] == nil, "item \(item["id"] ?? "") of cell \(key) under minimum-n shows \(item)")
                }
                continue
            }
            suppressed.insert(key)
            #expect(Set(cell.keys).isSubset(of: ["wave", "group", "segment", "respondents", "responseRate", "suppressed"]), "suppressed cell \(key) says \(cell.keys.sorted())")
        }
        #expect(!small.isEmpty, "the data set has no small cell to audit")
        for line in original["csv"]!.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let key = "\(f[1])|\(f[2])|\(f[3])|\(f[4])"
            if suppressed.contains(key) { #expect(f[7] == "respondents", "a row of suppressed cell \(key): \(line)") }
        }
        for line in original["prometheus"]!.split(separator: "\n") where line.hasPrefix("surveykpi_kpi_value{") {
            let group = line.firstMatch(of: #/group="([^"]*)"/#)?.1 ?? ""
            let wave = line.firstMatch(of: #/wave="([^"]*)"/#)?.1 ?? ""
            #expect(!suppressed.contains("\(wave)|\(group)||"), "a KPI value of suppressed group \(group) in \(wave): \(line)")
        }

        // 2. Swaps inside small cells change nothing shown.
        let pairs = data.swappablePairs(small: small)
        #expect(!pairs.isEmpty, "no two respondents to swap (seed \(seed))")
        for (a, b) in pairs.prefix(3) { data.swapCampus(a, b) }
        try dir.write("d.csv", data.csv())
        let swapped = try Self.outputs(dir)
        for format in Self.formats + ["stderr"] where original[format] != swapped[format] {
            let diff = zip(original[format]!.split(whereSeparator: \.isNewline), swapped[format]!.split(whereSeparator: \.isNewline)).first { $0 != $1 }
            Issue.record("answers swapped inside cells under minimum-n changed the \(format) output: \(diff.map { "\($0.0)\n→ \($0.1)" } ?? "lengths differ")")
        }
    }

    /// `analyze` in every format, on stdout, and the stderr of the JSON run.
    static func outputs(_ dir: TemporaryDirectory) throws -> [String: String] {
        var outputs: [String: String] = [:]
        for format in formats {
            let result = try ProcessRunner.run(["analyze", "--instrument", "i.yaml", "--format", format, "d.csv"], in: dir.url)
            try #require(result.status == 0, "\(format): \(result.stderr)")
            // The input's SHA-256 changes with its bytes; it says nothing about any cell.
            outputs[format] = result.stdout.replacing(#/[0-9a-f]{64}/#, with: "<sha256>")
            if format == "json" { outputs["stderr"] = result.stderr }
        }
        return outputs
    }

    static func key(_ cell: [String: Any]) -> String {
        let segment = cell["segment"] as? [String: String]
        return "\(cell["wave"] ?? "")|\(cell["group"] ?? "")|\(segment?["name"] ?? "")|\(segment?["value"] ?? "")"
    }
}

/// A generated data set: a large learner group with tiny "annex" campus values, a staff group of
/// 1 to minimum-n + 3 respondents, two waves, two segments, free-text comments.
struct PrivacyData {
    struct Row {
        var id: String
        var group: String
        var wave: String
        var campus: String
        var programme: String
        var answers: [Int]
        var comment: String
    }

    var rows: [Row] = []
    let minimumN: Int
    let instrument: String

    init(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        minimumN = 3 + Int(rng.next() % 6)
        instrument = """
            instrument: privacy
            title: Privacy audit
            waves: ["2025", "2026"]
            groups:
              learner: { title: Learners, role: learner }
              staff: { title: Staff, role: staff }
            scales:
              agree5: { values: { 1: SD, 2: D, 3: N, 4: A, 5: SA }, favourable: [4, 5], unfavourable: [1, 2] }
              recommend: { values: 0..10, kind: nps }
            dimensions:
              teaching: { title: Teaching }
            items:
              - { id: Q1, text: Clear, scale: agree5, dimension: teaching }
              - { id: Q2, text: Organised, scale: agree5, dimension: teaching }
              - { id: Q3, text: Fair, scale: agree5, dimension: teaching }
              - { id: REC, text: Recommend, scale: recommend }
            outcome: Q1
            kpis:
              - { id: teach, title: Teaching index, measure: index, dimension: teaching, target: 75, threshold: 60 }
              - { id: nps, title: NPS, measure: nps, item: REC, target: 20 }
              - { id: clear, title: Clear, measure: favourable, item: Q1, target: 0.8, threshold: 0.7 }
            columns:
              segments: [campus, programme]
              comments: [C1]
            reporting:
              minimum-n: \(minimumN)
              driver-minimum-n: 10
            """
        for wave in ["2025", "2026"] {
            for (group, count) in [("learner", 30 + Int(rng.next() % 31)), ("staff", 1 + Int(rng.next() % UInt64(minimumN + 3)))] {
                for _ in 0..<count {
                    let annex = group == "learner" && rng.next() % 100 < 15
                    let campus = annex ? ["Annex1", "Annex2", "Annex3"][Int(rng.next() % 3)] : ["North", "South"][Int(rng.next() % 2)]
                    let answers = (0..<3).map { _ in 1 + Int(rng.next() % 5) } + [Int(rng.next() % 11)]
                    rows.append(Row(
                        id: "RID" + String(rng.next() & 0xFFFF_FFFF_FFFF, radix: 16), group: group, wave: wave, campus: campus,
                        programme: ["P1", "P2"][Int(rng.next() % 2)], answers: answers,
                        comment: "CMT" + String(rng.next() & 0xFFFF_FFFF_FFFF, radix: 16) + " keep this private"))
                }
            }
        }
    }

    func csv() -> String {
        (["respondent,group,wave,campus,programme,Q1,Q2,Q3,REC,C1"]
            + rows.map { ([$0.id, $0.group, $0.wave, $0.campus, $0.programme] + $0.answers.map(String.init) + ["\"\($0.comment)\""]).joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    /// Pairs of rows with different answers, the same group, wave and programme, and campus values
    /// that are both cells under minimum-n in their group and in `all`: swapping their answers
    /// leaves every cell of at least minimum-n as it was.
    func swappablePairs(small: Set<String>) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        for a in rows.indices {
            for b in rows.indices where b > a {
                let x = rows[a], y = rows[b]
                guard x.group == y.group, x.wave == y.wave, x.programme == y.programme, x.campus != y.campus, x.answers != y.answers else { continue }
                let cells = [x, y].flatMap { ["\($0.wave)|\($0.group)|campus|\($0.campus)", "\($0.wave)|all|campus|\($0.campus)"] }
                if cells.allSatisfy(small.contains) { pairs.append((a, b)) }
            }
        }
        return pairs
    }

    /// Moves each of two respondents into the other's campus: the two campus cells exchange a
    /// member; every other cell keeps the same rows in the same order.
    mutating func swapCampus(_ a: Int, _ b: Int) {
        let campus = rows[a].campus
        rows[a].campus = rows[b].campus
        rows[b].campus = campus
    }
}

