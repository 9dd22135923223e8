/// A place in an input file, for messages in the compiler style `path:line:column`.
///
/// Lines and columns are 1-based. Columns count UTF-8 bytes for data files and Unicode scalars
/// for YAML (as libYAML reports them).
public struct InputLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var path: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column number.
    public var column: Int

    /// Creates a location.
    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:column`.
    public var description: String { "\(path):\(line):\(column)" }
}
