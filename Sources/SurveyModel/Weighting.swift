/// How responses are weighted to population margins (`weighting:` in the instrument).
///
/// Weights are computed within each wave and group, starting from the design weight column
/// (or 1), and scaled so that they add up to the number of respondents there; statistics then
/// use them as SPEC §5.4 describes.
public struct Weighting: Hashable, Sendable {
    /// How the margins are met.
    public enum Method: String, Hashable, Sendable {
        /// Iterative proportional fitting over every margin (raking).
        case rake
        /// One margin, matched exactly cell by cell (post-stratification).
        case postStratify = "post-stratify"
    }

    /// One margin: a segment column and the population share of each of its values.
    public struct Margin: Hashable, Sendable {
        /// The segment column.
        public var segment: String
        /// Category → population share (counts in the file are turned into shares).
        public var shares: [(category: String, share: Double)]

        /// Creates a margin.
        public init(segment: String, shares: [(category: String, share: Double)]) {
            self.segment = segment
            self.shares = shares
        }

        public static func == (a: Margin, b: Margin) -> Bool {
            a.segment == b.segment && a.shares.elementsEqual(b.shares) { $0.category == $1.category && $0.share == $1.share }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(segment)
            for s in shares {
                hasher.combine(s.category)
                hasher.combine(s.share)
            }
        }
    }

    /// Raking or post-stratification.
    public var method: Method
    /// Groups weighted; `nil` means every group.
    public var groups: [String]?
    /// The margins, in file order.
    public var margins: [Margin]
    /// Convergence tolerance on the largest margin difference, as a share (default 1e-10).
    public var tolerance: Double
    /// Iteration cap (default 100).
    public var maxIterations: Int
    /// Optional bounds on a weight relative to the mean weight, applied after fitting.
    public var trim: ClosedRange<Double>?

    /// Creates a weighting.
    public init(method: Method, groups: [String]? = nil, margins: [Margin], tolerance: Double = 1e-10, maxIterations: Int = 100, trim: ClosedRange<Double>? = nil) {
        self.method = method
        self.groups = groups
        self.margins = margins
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.trim = trim
    }
}
