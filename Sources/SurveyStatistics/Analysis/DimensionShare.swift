import SurveyModel

/// The favourable share of a dimension is the mean of its shown items' favourable shares
/// (SPEC §5.2); it has no count of its own, so the two-proportion z test does not apply to it.
/// Its change between waves is tested as the difference of two independent estimates,
/// z = (p₂ − p₁)/√(SE₁² + SE₂²), with
///
///     SE = (1/k) Σⱼ √(pⱼ(1 − pⱼ)/nⱼ)
///
/// over the k member items asked in the cell (nⱼ the item's valid answers, or Kish's n_eff with
/// weights). The SD of a sum is at most the sum of the SDs, so this is an upper bound on the SE
/// of the mean of the shares whatever their correlation: the test errs on the side of "not
/// significant". Only a share over all its items has an SE: when an item is hidden in a cell the
/// share there is a mean over fewer items, and comparing it with a wave that shows them all
/// would test the change of item mix, not of opinion. The report's KPI trends, the history and
/// the review pack's action reviews all use it.
public enum DimensionShare {
    /// The SE of a dimension's favourable share in a cell, or nil when a member item asked there
    /// is hidden or none shows a share.
    public static func standardError(dimension id: String, in cell: Cell, instrument: Instrument) -> Double? {
        let members = Set(instrument.items.filter { $0.dimension == id }.map(\.id))
        let asked = cell.items.filter { members.contains($0.id) }
        guard asked.allSatisfy({ $0.suppressed == nil }) else { return nil }
        let errors = asked.compactMap { item -> Double? in
            guard let n = item.nEff ?? item.n.map(Double.init), n > 0, let share = item.favourable?.p else { return nil }
            return (share * (1 - share) / n).squareRoot()
        }
        guard !errors.isEmpty else { return nil }
        return errors.reduce(0, +) / Double(errors.count)
    }
}
