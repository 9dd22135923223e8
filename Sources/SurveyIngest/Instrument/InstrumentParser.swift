import OrderedCollections
import SurveyModel

/// Walks an instrument's YAML tree, checks every rule of SPEC §2 and collects every problem.
///
/// Each section is parsed into the model type as far as it goes; problems are recorded, never
/// thrown, so `surveykpi validate` can list them all. Sections that are too broken to refer to
/// (for example `scales:` that is not a mapping) are marked unusable so that references into them
/// do not add a cascade of "unknown scale" errors.
struct InstrumentParser {
    /// The file as the user named it, for locations.
    let path: String
    /// Every problem found so far, in discovery order.
    private(set) var errors: [SurveyError] = []

    var instrumentID: String?
    var title: String?
    var version: String?
    var waves: [String]?

    /// Every declared group, by id, in file order (parsed as far as possible).
    var groups: OrderedDictionary<String, Group> = [:]
    var groupsUsable = false
    /// Group data codes (ids and `values`) → the group that claims them.
    var groupCodes: [String: String] = [:]

    /// Every declared scale, by id, in file order.
    var scales: OrderedDictionary<String, Scale> = [:]
    /// Scales that had a problem of their own: references to them are not checked further.
    var brokenScales: Set<String> = []
    var scalesUsable = false

    /// Every declared dimension, by id, in file order, with its key node.
    var dimensions: OrderedDictionary<String, Dimension> = [:]
    var dimensionKeyNodes: [String: YAMLNode] = [:]
    var dimensionsUsable = true
    /// The scale each dimension uses, and the item that set it.
    var dimensionScales: [String: (scale: String, item: String)] = [:]

    /// Every item in file order.
    var items: [ParsedItem] = []
    /// Item id → index into `items` (first occurrence).
    var itemIndex: [String: Int] = [:]
    var itemsUsable = false

    var outcome: String?
    var kpis: [KPI] = []
    var kpiIDs: [String: YAMLNode] = [:]
    var columns = ColumnMapping()
    /// Where each explicitly named column was named (`respondent`, `item:T1` …).
    var columnNodes: [String: YAMLNode] = [:]
    /// Where each segment and comment column was named.
    var columnListNodes: [String: [YAMLNode]] = [:]
    var reporting = ReportingOptions()
    var weighting: Weighting?

    /// One parsed item and the nodes later checks point at.
    struct ParsedItem {
        var item: Item
        var idNode: YAMLNode
        /// Whether the item's scale is declared and sound, so scale-dependent checks apply.
        var hasSoundScale: Bool
    }

    init(path: String) {
        self.path = path
    }

    /// The top-level keys, in the order messages list them.
    static let topLevelKeys = [
        "instrument", "title", "version", "waves", "groups", "scales", "dimensions", "items", "outcome", "kpis",
        "columns", "reporting", "weighting",
    ]
    static let requiredTopLevelKeys = ["instrument", "title", "groups", "scales", "items"]

    /// Parses and checks a whole document; `nil` means an empty file.
    mutating func parse(root: YAMLNode?) {
        guard let root, !root.isNull else {
            fail(
                YAMLNode(content: .scalar("", isPlain: true), line: 1, column: 1),
                "empty instrument file; expected a mapping with keys instrument, title, groups, scales, items")
            return
        }
        guard root.pairs != nil else {
            fail(root, "expected a mapping at the top level of the instrument file, found \(root.found)")
            return
        }
        guard
            let top = fields(
                root, of: "the instrument", context: "at the top level", allowed: Self.topLevelKeys,
                required: Self.requiredTopLevelKeys)
        else { return }
        if let node = top["instrument"] { parseInstrumentID(node) }
        if let node = top["title"] { title = string(node, for: "title") }
        if let node = top["version"] { version = string(node, for: "version") }
        if let node = top["waves"] { parseWaves(node) }
        if let node = top["groups"] { parseGroups(node) }
        if let node = top["scales"] { parseScales(node) }
        if let node = top["dimensions"] { parseDimensions(node) }
        if let node = top["items"] { parseItems(node) }
        if let node = top["outcome"] { parseOutcome(node) }
        if let node = top["kpis"] { parseKPIs(node) }
        if let node = top["columns"] { parseColumns(node) }
        checkColumnRoles()
        if let node = top["reporting"] { parseReporting(node) }
        if let node = top["weighting"] { weighting = parseWeighting(node) }
    }

    /// Records a problem at a node.
    mutating func fail(_ node: YAMLNode, _ message: String) {
        errors.append(SurveyError(.dataError, at: node.location(in: path), message))
    }

    /// The problems in file order (stable for problems at the same place).
    var errorsInFileOrder: [SurveyError] {
        errors.enumerated().sorted { lhs, rhs in
            let left = lhs.element.location.map { ($0.line, $0.column) } ?? (0, 0)
            let right = rhs.element.location.map { ($0.line, $0.column) } ?? (0, 0)
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The instrument, when no problem was found.
    func instrument(sha256: String) -> Instrument? {
        guard errors.isEmpty, let instrumentID, let title else { return nil }
        var instrument = Instrument(
            id: instrumentID, title: title, version: version, waves: waves, groups: Array(groups.values),
            scales: Array(scales.values), dimensions: Array(dimensions.values), items: items.map(\.item),
            outcome: outcome, kpis: kpis, columns: columns, reporting: reporting, sha256: sha256)
        instrument.weighting = weighting
        return instrument
    }

    private mutating func parseInstrumentID(_ node: YAMLNode) {
        guard let id = string(node, for: "instrument") else { return }
        let isValid = id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard isValid else {
            fail(node, "invalid instrument id \(id.quotedForMessage); expected lowercase letters, digits and \"-\"")
            return
        }
        instrumentID = id
    }
}
