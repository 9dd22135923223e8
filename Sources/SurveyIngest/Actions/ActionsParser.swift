import SurveyModel

/// Walks an actions file's YAML tree and collects every problem (see ``ActionsLoader``).
///
/// The typed reads, key checks and reference checks are the instrument parser's own, so actions
/// files get the same messages (`unknown key "ownr" in action "IA-1"; … (did you mean "owner"?)`).
struct ActionsParser {
    /// The instruments actions may link to.
    let instruments: [Instrument]
    /// Reads and problem list, shared with instrument files.
    var yaml: InstrumentParser
    /// The actions read so far, in file order.
    private(set) var actions: [ImprovementAction] = []
    /// Where each action id was first seen.
    private var ids: [String: YAMLNode] = [:]

    static let actionKeys = [
        "id", "title", "owner", "opened", "due", "status", "instrument", "kpi", "item", "dimension", "group",
        "measure", "expected-change", "notes",
    ]

    init(path: String, instruments: [Instrument]) {
        self.instruments = instruments
        self.yaml = InstrumentParser(path: path)
    }

    /// The problems in file order.
    var errorsInFileOrder: [SurveyError] { yaml.errorsInFileOrder }

    /// Parses a whole document; `nil` means an empty file, which holds no actions.
    mutating func parse(root: YAMLNode?) {
        guard let root, !root.isNull else { return }
        guard root.pairs != nil else {
            yaml.fail(root, "expected a mapping with the key \"actions\" at the top level of the actions file, found \(root.found)")
            return
        }
        guard let top = yaml.fields(root, of: "the actions file", context: "at the top level", allowed: ["actions"], required: ["actions"]),
            let node = top["actions"]
        else { return }
        if node.isNull { return }
        guard let elements = yaml.list(node, for: "actions") else { return }
        for (offset, element) in elements.enumerated() {
            parseAction(element, position: offset + 1)
        }
    }

    private mutating func parseAction(_ node: YAMLNode, position: Int) {
        let name = InstrumentParser.entryName("action", node, position: position)
        guard
            let fields = yaml.fields(node, of: name, allowed: Self.actionKeys, required: ["id", "title", "owner", "opened", "status"]),
            let idNode = fields["id"], let id = yaml.string(idNode, for: "id")
        else { return }
        let before = yaml.errors.count
        yaml.checkIdentifier(id, at: idNode, kind: "action")
        if let first = ids[id] {
            yaml.fail(idNode, "duplicate action id \(id.quotedForMessage) (first at \(first.position))")
        } else {
            ids[id] = idNode
        }
        let title = fields["title"].flatMap { yaml.string($0, for: "title") }
        let owner = fields["owner"].flatMap { yaml.string($0, for: "owner") }
        let opened = fields["opened"].flatMap { yaml.string($0, for: "opened") }
        let status = fields["status"].flatMap { yaml.choice($0, for: "status", among: ImprovementAction.Status.allCases) }
        let due = fields["due"].flatMap { dueDate($0) }
        let notes = fields["notes"].flatMap { yaml.optionalString($0, for: "notes") } ?? nil
        let expected = fields["expected-change"].flatMap { yaml.number($0, for: "expected-change") }
        let link = self.link(fields, name: name)
        if let link, let opened, let openedNode = fields["opened"],
            let declared = instruments.first(where: { $0.id == link.instrument })?.waves
        {
            yaml.checkReference(opened, at: openedNode, kind: "wave", owner: name, known: declared, isUsable: true)
        }
        guard yaml.errors.count == before, let title, let owner, let opened, let status, let link else { return }
        actions.append(ImprovementAction(
            id: id, title: title, owner: owner, opened: opened, due: due, status: status, link: link,
            expectedChange: expected, notes: notes))
    }

    /// `due`: a calendar date `YYYY-MM-DD`.
    private mutating func dueDate(_ node: YAMLNode) -> String? {
        guard let text = yaml.string(node, for: "due") else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let lengths = parts.map(\.count)
        let numbers = parts.compactMap { Int($0) }
        if lengths == [4, 2, 2], numbers.count == 3, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) {
            let (year, month, day) = (numbers[0], numbers[1], numbers[2])
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            if (1...12).contains(month), (1...days[month - 1]).contains(day) { return text }
        }
        yaml.fail(node, "expected a date YYYY-MM-DD for \"due\", found \(node.found)")
        return nil
    }
}
