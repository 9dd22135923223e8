import Foundation
import SurveyTestSupport
import Testing

/// Hostile CSV inputs, generic and of every survey tool's layout: resource limits (a field over
/// `--max-field-bytes`, a header of millions of columns, a record of 150,000 fields, a quote
/// never closed around megabytes), devices and directories given as inputs, names that would
/// forge log lines, and each tool's broken headers and records.
@Suite struct HostileCSVTests {
    static let T = HostileText.self
    static let x40 = T.run("x", 40)

    static let generic: [HostileCase] = [
        HostileCase(
            "a field over --max-field-bytes rejects its record, cut to the limit",
            files: ["data.csv": T.csv(["R9,staff,2025,\(x40),4,4,4,5"])],
            ["analyze", "--instrument", T.mini, "--max-field-bytes", "16", "--output", "out", "data.csv"],
            .read(read: 4, accepted: 3, rejected: 1, rejects: [
                T.reject("data.csv", 3, "field-too-large", "field 4 is 40 bytes, more than the limit of 16 (--max-field-bytes); the record's first 16 bytes are kept", "R9,staff,2025,xx"),
            ])),
        HostileCase(
            "the limit counts bytes as written: quotes and doubled quotes too",
            files: ["data.csv": T.csv(["R9,staff,2025,\"ab\"\"cd\"\"ef\"\"gh\"\"ij\",4,4,4,5"])],
            ["analyze", "--instrument", T.mini, "--max-field-bytes", "16", "--output", "out", "data.csv"],
            .read(read: 4, accepted: 3, rejected: 1, rejects: [
                T.reject("data.csv", 3, "field-too-large", "field 4 is 20 bytes, more than the limit of 16 (--max-field-bytes); the record's first 16 bytes are kept", "R9,staff,2025,\"a"),
            ])),
        HostileCase(
            "a field of exactly --max-field-bytes is read",
            files: ["data.csv": T.csv(["R9,staff,2025,\(T.run("x", 16)),4,4,4,5"])],
            ["analyze", "--instrument", T.mini, "--max-field-bytes", "16", "--output", "out", "data.csv"],
            .read(read: 4, accepted: 4, rejected: 0, rejects: [])),
        HostileCase(
            "a field of 2 MiB is over the default limit of 1 MiB",
            files: ["data.csv": T.csv(["R9,staff,2025,\"\(T.run("y", 2 << 20))\",4,4,4,5"])],
            ["analyze", "--instrument", T.mini, "--output", "out", "data.csv"],
            .read(read: 4, accepted: 3, rejected: 1, rejects: [
                T.reject("data.csv", 3, "field-too-large", "field 4 is 2097154 bytes, more than the limit of 1048576 (--max-field-bytes); the record's first 1048576 bytes are kept", "R9,staff,2025,\"" + T.run("y", (1 << 20) - 15)),
            ])),
        HostileCase(
            "a record of 150,000 fields is a field-count reject",
            files: ["data.csv": T.csv(["R9" + String(repeating: ",1", count: 149_999)])],
            ["analyze", "--instrument", T.mini, "--output", "out", "data.csv"],
            .read(read: 4, accepted: 3, rejected: 1, rejects: [
                T.reject("data.csv", 3, "field-count", "expected 8 fields as in the header, found 150000", "R9" + String(repeating: ",1", count: 149_999)),
            ])),
        HostileCase(
            "a header field over the limit is an error",
            files: ["data.csv": T.csv([], header: "respondent,group,wave,\(T.run("c", 100)),Q1,Q2,Q3,REC")],
            ["analyze", "--instrument", T.mini, "--max-field-bytes", "64", "--output", "out", "data.csv"],
            .refused(65, "data.csv:1:23: error: header field 4 is 100 bytes, more than the limit of 64 (--max-field-bytes); expected column names")),
        HostileCase(
            "a header of two million columns is refused",
            files: ["data.csv": String(repeating: "x,", count: 1_999_999) + "x\r\n" + T.good[0] + "\r\n"],
            ["analyze", "--instrument", T.mini, "--output", "out", "data.csv"],
            .refused(65, "data.csv:1:1: error: the header has 2000000 columns, more than the limit of 100000; expected at most 100000 columns")),
        HostileCase(
            "a quote never closed around 3 MiB is located at its opening",
            files: ["data.csv": T.header + "\r\n" + T.good[0] + "\r\nR9,staff,2025,\"" + T.run("z", 3 << 20)],
            ["analyze", "--instrument", T.mini, "--output", "out", "data.csv"],
            .refused(65, "data.csv:3:15: error: unterminated quoted field (opened here); expected a closing \"")),
        HostileCase(
            "--max-field-bytes must be positive",
            files: ["data.csv": T.csv([])],
            ["analyze", "--instrument", T.mini, "--max-field-bytes", "0", "--output", "out", "data.csv"],
            .refused(64, "Error: --max-field-bytes must be at least 1, not 0.")),
        HostileCase(
            "a device is not an input (reading /dev/zero would never end)",
            files: [String: String](), ["analyze", "--instrument", T.mini, "--output", "out", "/dev/zero"],
            .refused(66, "/dev/zero: error: cannot read input: it is a device, not a file")),
        HostileCase(
            "a device is not an input, whatever --input-format says",
            files: [String: String](), ["validate", "--instrument", T.mini, "--input-format", "csv", "/dev/urandom"],
            .refused(66, "/dev/urandom: error: cannot read input: it is a device, not a file")),
        HostileCase(
            "a directory is not an input",
            files: ["data/keep.txt": "x"], ["analyze", "--instrument", T.mini, "--output", "out", "data"],
            .refused(66, "data: error: cannot read input: it is a directory")),
        HostileCase(
            "a header name with a line break is quoted, never printed raw",
            files: ["data.csv": T.csv([], header: "\"respon\ndent\",group,wave,campus,Q1,Q2,Q3,REC")],
            ["analyze", "--instrument", T.mini, "--output", "out", "data.csv"],
            .refused(65, "data.csv:1:1: error: missing required column \"respondent\" (respondent id); the header has \"respon\\ndent\", group, wave, campus, Q1, Q2, Q3, REC")),
        HostileCase(
            "a binary file read as CSV names what it found",
            files: ["data.csv": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]],
            ["analyze", "--instrument", T.mini, "--output", "out", "data.csv"],
            .refused(65, "data.csv:1:1: error: missing required column \"respondent\" (respondent id); the header has ‰PNG")),
        HostileCase(
            "NaN, negative and infinite weights are rejected",
            files: [
                "weighted.yaml": (try? String(contentsOfFile: Fixture.instrument, encoding: .utf8))!.replacingOccurrences(of: "  segments: [campus]", with: "  segments: [campus]\n  weight: w"),
                "data.csv": [T.header + ",w", T.good[0] + ",1", "R7,staff,2025,North,4,4,4,5,nan", "R8,staff,2025,North,4,4,4,5,-1", "R9,staff,2025,North,4,4,4,5,1e400", T.good[1] + ",2.5"].joined(separator: "\n") + "\n",
            ],
            ["analyze", "--instrument", "weighted.yaml", "--output", "out", "data.csv"],
            .read(read: 5, accepted: 2, rejected: 3, rejects: [
                T.reject("data.csv", 3, "bad-weight", "weight \"nan\" is not a positive number", "R7,staff,2025,North,4,4,4,5,nan"),
                T.reject("data.csv", 4, "bad-weight", "weight \"-1\" is not a positive number", "R8,staff,2025,North,4,4,4,5,-1"),
                T.reject("data.csv", 5, "bad-weight", "weight \"1e400\" is not a positive number", "R9,staff,2025,North,4,4,4,5,1e400"),
            ])),
    ]

    @Test(arguments: generic) func genericCSV(_ hostile: HostileCase) throws { try hostile.check() }

    /// An instrument for every tool's layout, through column overrides.
    static let tools = """
        instrument: tools
        title: Tools
        groups:
          learner: { title: Learners, role: learner }
          staff: { title: Staff, role: staff }
        scales:
          agree5:
            values: { 1: Strongly disagree, 2: Disagree, 3: Neutral, 4: Agree, 5: Strongly agree }
            labels-in-data: true
        items:
          - { id: T1, text: Teaching, scale: agree5 }
          - { id: T2, text: Feedback, scale: agree5 }
        columns:
          overrides:
            - { format: googleforms-csv, respondent: "@record", wave-from: { column: Timestamp, calendar: academic-year, starts: 9 }, items: { T1: "Rate us [Teaching]", T2: "Rate us [Feedback]" }, fixed: { group: learner } }
            - { format: msforms-csv, respondent: ID, items: { T1: Teaching, T2: Feedback }, fixed: { group: staff, wave: "2025" } }
            - { format: surveymonkey-csv, respondent: Respondent ID, group: Role, items: { T1: "Rate us [Teaching]", T2: "Rate us [Feedback]" }, fixed: { wave: "2025" } }
            - { format: limesurvey-csv, respondent: id, items: { T1: "T[SQ001]", T2: "T[SQ002]" }, fixed: { group: learner, wave: "2025" } }
            - { format: qualtrics-csv, respondent: ResponseId, items: { T1: Q1_1, T2: Q1_2 }, fixed: { group: staff, wave: "2025" } }
        """
    static let surveyMonkey = "Respondent ID,Collector ID,Start Date,End Date,Role,Rate us,\r\n,,,,Response,Teaching,Feedback\r\n"
    static let qualtrics = "StartDate,Status,Finished,ResponseId,Q1_1,Q1_2\r\nStart Date,Response Type,Finished,Response ID,Rate - Teaching,Rate - Feedback\r\n"
        + "\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\",\"{\"\"ImportId\"\":\"\"finished\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"QID1_1\"\"}\",\"{\"\"ImportId\"\":\"\"QID1_2\"\"}\"\r\n"

    static let toolCases: [HostileCase] = [
        HostileCase(
            "surveymonkey-csv: a file that ends after its first header row",
            files: ["tools.yaml": tools, "sm.csv": "Respondent ID,Collector ID,Start Date,End Date,Role,Rate us,\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--output", "out", "sm.csv"],
            .refused(65, "sm.csv:2:1: error: surveymonkey-csv export ends after 1 header row; expected 2 (question text, answer options)")),
        HostileCase(
            "surveymonkey-csv: a ragged record",
            files: ["tools.yaml": tools, "sm.csv": surveyMonkey + "114001,4321,10/01/2025 09:00:01 AM,10/01/2025 09:04:12 AM,learner,Agree,Agree\r\n114002,4321,10/02/2025\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--output", "out", "sm.csv"],
            .read(read: 2, accepted: 1, rejected: 1, rejects: [
                T.reject("sm.csv", 4, "field-count", "expected 7 fields as in the header, found 3", "114002,4321,10/02/2025"),
            ])),
        HostileCase(
            "surveymonkey-csv: a role no group declares",
            files: ["tools.yaml": tools, "sm.csv": surveyMonkey + "114001,4321,,,learner,Agree,Agree\r\n114002,4321,,,intruder,Agree,Agree\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--output", "out", "sm.csv"],
            .read(read: 2, accepted: 1, rejected: 1, rejects: [
                T.reject("sm.csv", 4, "unknown-group", "group \"intruder\" is not declared; expected one of learner, staff", "114002,4321,,,intruder,Agree,Agree"),
            ])),
        HostileCase(
            "googleforms-csv: a timestamp that is not a date",
            files: ["tools.yaml": tools, "gf.csv": "Timestamp,Rate us [Teaching],Rate us [Feedback]\r\nnot a date,Agree,Agree\r\n2025/10/02 11:30:00 AM GMT+1,Neutral,Disagree\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--output", "out", "gf.csv"],
            .read(read: 2, accepted: 1, rejected: 1, rejects: [
                T.reject("gf.csv", 2, "bad-date", "Timestamp \"not a date\" is not a date; expected YYYY-MM-DD, YYYY/MM/DD, M/D/YYYY or D/M/YYYY (D.M.YYYY), optionally with a time", "not a date,Agree,Agree"),
            ])),
        HostileCase(
            "msforms-csv: an item column missing",
            files: ["tools.yaml": tools, "ms.csv": "ID,Start time,Completion time,Teaching\r\n1,10/1/25 10:00:00,10/1/25 10:05:12,Agree\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--output", "out", "ms.csv"],
            .refused(65, "ms.csv:1:1: error: missing item column \"Feedback\"; the header has ID, Start time, Completion time, Teaching")),
        HostileCase(
            "msforms-csv: a field over --max-field-bytes",
            files: ["tools.yaml": tools, "ms.csv": "ID,Start time,Completion time,Teaching,Feedback\r\n1,,,Agree,Agree\r\n2,,,Agree,\(x40)\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--max-field-bytes", "30", "--output", "out", "ms.csv"],
            .read(read: 2, accepted: 1, rejected: 1, rejects: [
                T.reject("ms.csv", 3, "field-too-large", "field 5 is 40 bytes, more than the limit of 30 (--max-field-bytes); the record's first 30 bytes are kept", "2,,,Agree," + T.run("x", 20)),
            ])),
        HostileCase(
            "limesurvey-csv: a response never submitted",
            files: ["tools.yaml": tools, "ls.csv": "\"id\",\"submitdate\",\"lastpage\",\"startlanguage\",\"T[SQ001]\",\"T[SQ002]\"\r\n\"1\",\"2025-10-02 10:14:09\",\"2\",\"en\",\"Agree\",\"Agree\"\r\n\"2\",,\"1\",\"en\",\"Agree\",\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--output", "out", "ls.csv"],
            .read(read: 2, accepted: 1, rejected: 1, rejects: [
                T.reject("ls.csv", 3, "unfinished", "empty submitdate: the response was never submitted; add unfinished to columns.include to analyse it", "\"2\",,\"1\",\"en\",\"Agree\","),
            ])),
        HostileCase(
            "qualtrics-csv: a survey preview",
            files: ["tools.yaml": tools, "q.csv": qualtrics + "2025-09-02 10:01:00,0,1,R_1,Agree,Agree\r\n2025-09-03 10:01:00,1,1,R_2,Agree,Agree\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--output", "out", "q.csv"],
            .read(read: 2, accepted: 1, rejected: 1, rejects: [
                T.reject("q.csv", 5, "preview", "Status \"1\" (Survey Preview) marks a preview response; add preview to columns.include to analyse it", "2025-09-03 10:01:00,1,1,R_2,Agree,Agree"),
            ])),
        HostileCase(
            "qualtrics-csv: a question-text row over --max-field-bytes is a header error",
            files: ["tools.yaml": tools, "q.csv": qualtrics.replacingOccurrences(of: "Rate - Teaching", with: "Rate - \(T.run("T", 200))") + "2025-09-02 10:01:00,0,1,R_1,Agree,Agree\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--input-format", "qualtrics-csv", "--max-field-bytes", "128", "--output", "out", "q.csv"],
            .refused(65, "q.csv:2:47: error: header field 5 is 207 bytes, more than the limit of 128 (--max-field-bytes); expected column names")),
        HostileCase(
            "qualtrics-csv, named: a file that ends after one header row",
            files: ["tools.yaml": tools, "q.csv": "StartDate,Status,Finished,ResponseId,Q1_1,Q1_2\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--input-format", "qualtrics-csv", "--output", "out", "q.csv"],
            .refused(65, "q.csv:2:1: error: qualtrics-csv export ends after 1 header row; expected 3 (export tags, question text, ImportId)")),
        HostileCase(
            "a file that looks like two tools' exports",
            files: ["tools.yaml": tools, "two.csv": "id,submitdate,lastpage,startlanguage,Respondent ID,Collector ID\r\n1,2025-01-01,1,en,1,2\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--output", "out", "two.csv"],
            .refused(65, "two.csv: error: cannot tell the input format: the file looks like each of limesurvey-csv, surveymonkey-csv; name one with --input-format")),
        HostileCase(
            "an unknown --input-format",
            files: ["tools.yaml": tools, "q.csv": "a,b\r\n"],
            ["analyze", "--instrument", "tools.yaml", "--input-format", "spss", "--output", "out", "q.csv"],
            .refused(64, "error: unknown input format \"spss\"; expected one of limesurvey-csv, qualtrics-csv, surveymonkey-csv, googleforms-csv, msforms-csv, limesurvey-xml, triple-s, xml, csv")),
    ]

    @Test(arguments: toolCases) func toolCSV(_ hostile: HostileCase) throws { try hostile.check() }
}

/// The field limit keeps memory bounded: a record holding a field of 160 MB is rejected with at
/// most `--max-field-bytes` of it kept, and the whole run stays under 100 MiB of resident
/// memory, whatever the field's size (measured here: about 40 MiB).
@Suite struct HostileCSVMemoryTests {
    @Test func aHugeFieldIsRejectedInBoundedMemory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("data.csv")
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        file.write(Data((HostileText.header + "\r\n" + HostileText.good[0] + "\r\nR9,staff,2025,\"").utf8))
        let line = Data((String(repeating: "x", count: 999) + "\n").utf8)
        var block = Data()
        for _ in 0..<1_000 { block.append(line) }
        for _ in 0..<160 { file.write(block) }
        file.write(Data(("\",4,4,4,5\r\n" + HostileText.good[1] + "\r\n").utf8))
        try file.close()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0

        let (status, peak) = try MeasuredRun.run(["analyze", "--instrument", HostileText.mini, "--output", dir.path("out"), path])
        #expect(status == 0)
        let counts = try rows(try reportJSON(dir))
        #expect(counts == (3, 2, 1))
        let rejects = try String(contentsOfFile: dir.path("out/rejects.csv"), encoding: .utf8)
        #expect(rejects.utf8.count < (1 << 20) + 1_000, "the rejects file keeps at most --max-field-bytes of the record")
        #expect(rejects.contains("field-too-large,\"field 4 is 160000002 bytes, more than the limit of 1048576 (--max-field-bytes); the record's first 1048576 bytes are kept\""))
        #expect(peak < 100 << 20, "peak RSS \(peak >> 20) MiB for a \(size >> 20) MiB file")
    }
}

/// Runs `surveykpi` under GNU time and reports its exit status and peak resident memory.
///
/// Not `wait4` after `posix_spawn`: glibc spawns with a shared address space, so Linux carries
/// the test runner's own high-water mark into the child's `ru_maxrss` (hundreds of MiB). GNU
/// time forks a small process first, so its `%M` is the analysis alone.
enum MeasuredRun {
    static func run(_ arguments: [String]) throws -> (status: Int32, peakBytes: Int) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let report = dir.path("time.txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%M", "-o", report, ProcessRunner.executable.path] + arguments
        process.currentDirectoryURL = ProcessRunner.packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOfFile: report, encoding: .utf8)
        let kilobytes = try #require(text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        return (process.terminationStatus, kilobytes * 1024)
    }
}

