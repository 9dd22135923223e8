import Foundation
import SurveyModel

/// Finds the bundled demo (`Surveys/stakeholder-survey.yaml`, `Datasets/demo/*.csv` and
/// `Datasets/demo/actions.yaml`).
public enum DemoLocator {
    /// The demo instrument, relative to the project root.
    public static let instrumentPath = "Surveys/stakeholder-survey.yaml"
    /// The demo data folder, relative to the project root.
    public static let dataPath = "Datasets/demo"
    /// The demo's improvement actions (used by the review pack), relative to the project root.
    public static let actionsPath = "Datasets/demo/actions.yaml"

    /// The project root: `$SURVEYKPI_HOME`, else the working directory or one of its parents,
    /// else a parent of the executable (so `.build/debug/surveykpi` works from anywhere).
    public static func root(executable: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        if let home = ProcessInfo.processInfo.environment["SURVEYKPI_HOME"], fm.fileExists(atPath: home + "/" + instrumentPath) {
            return home
        }
        var candidates: [String] = []
        var dir = fm.currentDirectoryPath
        for _ in 0..<6 {
            candidates.append(dir)
            dir = (dir as NSString).deletingLastPathComponent
        }
        var exe = (URL(fileURLWithPath: executable).resolvingSymlinksInPath().path as NSString).deletingLastPathComponent
        for _ in 0..<6 {
            candidates.append(exe)
            exe = (exe as NSString).deletingLastPathComponent
        }
        return candidates.first { fm.fileExists(atPath: $0 + "/" + instrumentPath) }
    }

    /// The demo's analyze request, or an error saying where it was looked for.
    public static func request(format: OutputFormat, outputDirectory: String?, color: Bool) throws(SurveyError) -> AnalyzeRequest {
        guard let root = root() else {
            throw SurveyError(.noInput, path: instrumentPath, "cannot find the bundled demo; run from the SurveyKPI checkout or set SURVEYKPI_HOME")
        }
        let folder = root + "/" + dataPath
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
        guard !files.isEmpty else { throw SurveyError(.noInput, path: folder, "the demo data folder holds no CSV file") }
        let local: (String) -> String = { root == FileManager.default.currentDirectoryPath ? $0 : root + "/" + $0 }
        var request = AnalyzeRequest(
            instrument: root + "/" + instrumentPath, inputs: files.map { local(dataPath + "/" + $0) },
            format: format, outputDirectory: outputDirectory, color: color)
        if FileManager.default.fileExists(atPath: root + "/" + actionsPath) { request.actions = local(actionsPath) }
        return request
    }
}
