import SurveyModel

/// The column mapping that applies to one input: the instrument's `columns:` defaults with every
/// matching ``ColumnOverride`` applied in file order.
///
/// Segment names stay those of the defaults (every input of a run feeds the same segments); an
/// override only says which column of its inputs holds each one, or that none does.
struct EffectiveColumns {
    /// Respondent, group, wave, weight, duration, comments, items and `include` for this input.
    var mapping: ColumnMapping
    /// Per declared segment, in order: the column that holds it here, or nil when none does.
    var segmentColumns: [String?]
    /// The group of every response of this input, when an override fixes it.
    var fixedGroup: String?
    /// The wave of every response of this input, when an override fixes it.
    var fixedWave: String?

    /// Applies the overrides that match an input.
    ///
    /// - Parameters:
    ///   - columns: The instrument's `columns:`.
    ///   - format: The input's format id.
    ///   - path: The input as the user named it.
    init(_ columns: ColumnMapping, format: String, path: String) {
        var mapping = columns
        var segmentColumns: [String?] = columns.segments
        var fixedGroup: String?
        var fixedWave: String?
        for override in columns.overrides where override.matches(format: format, path: path) {
            if let value = override.respondent { mapping.respondent = value }
            if let value = override.group { mapping.group = value }
            if let value = override.wave {
                mapping.wave = value
                mapping.waveFrom = nil
            }
            if let value = override.waveFrom { mapping.waveFrom = value }
            if let value = override.weight, mapping.weight != nil { mapping.weight = value }
            if let value = override.duration, mapping.duration != nil { mapping.duration = value }
            for (name, column) in override.segments {
                if let index = columns.segments.firstIndex(of: name) { segmentColumns[index] = column }
            }
            if let value = override.comments { mapping.comments = value }
            for (item, column) in override.items { mapping.items[item] = column }
            if let value = override.include { mapping.include = value }
            if let value = override.fixedGroup { fixedGroup = value }
            if let value = override.fixedWave { fixedWave = value }
        }
        mapping.overrides = []
        self.mapping = mapping
        self.segmentColumns = segmentColumns
        self.fixedGroup = fixedGroup
        self.fixedWave = fixedWave
    }

    /// Read options with the fixed group and wave filled in where the command line left them open.
    func applied(to options: ReadOptions) -> ReadOptions {
        var options = options
        if options.group == nil { options.group = fixedGroup }
        if options.wave == nil { options.wave = fixedWave }
        return options
    }
}
