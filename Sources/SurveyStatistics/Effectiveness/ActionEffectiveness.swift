import SurveyModel

/// Reviews the effectiveness of improvement actions against a report (ISO 21001 10.2).
///
/// For each action, the linked measure in the whole-group cell of its group at the opening wave
/// is compared with the latest wave of the report:
///
/// - means and indices: Welch's t test on the respondent (or answer) means and SDs — an index is
///   a linear rescaling of a mean, so the test is the same;
/// - favourable / unfavourable shares of an item and response rates: the pooled two-proportion z
///   test;
/// - NPS: the z test on the difference with the trinomial SEs;
/// - the favourable share of a dimension (a mean of item shares): a z test whose SE is the mean
///   of the item SEs √(p(1 − p)/n), an upper bound on the true SE whatever the correlation of the
///   items, so the test is conservative.
///
/// The p values of all actions reviewed together form one family: Benjamini–Hochberg q,
/// significant when q < the instrument's `significance`. Then, with the intended direction from
/// ``ImprovementAction/improvementSign``:
/// `worse` — significant, against the intended direction; `effective` — significant, in the
/// intended direction and at least as large as `expected-change` (when given);
/// `not-yet-effective` — otherwise; `insufficient-data` — opened in the latest wave, or the
/// measure is absent, suppressed or untestable in either wave. Weighted reports compare the
/// weighted estimates: means and indices by a z test on their linearized SEs, shares by the
/// two-proportion z test on Kish's effective n.
public enum ActionEffectiveness {
    /// Reviews several actions, each against the report of its linked instrument, and adjusts
    /// their p values together.
    ///
    /// - Parameters:
    ///   - actions: The actions, in the order to report them.
    ///   - analysis: The report and instrument for an instrument id, or `nil` when not analysed.
    /// - Returns: One review per action whose instrument was analysed, in action order.
    public static func review(_ actions: [ImprovementAction], in analysis: (String) -> (Report, Instrument)?) -> [ActionReview] {
        var reviews: [ActionReview] = []
        var signs: [Double] = []
        var expected: [Double?] = []
        for action in actions {
            guard let (report, instrument) = analysis(action.link.instrument) else { continue }
            reviews.append(compare(action, report: report, instrument: instrument))
            signs.append(action.improvementSign)
            expected.append(action.expectedChange)
        }
        let family = reviews.indices.filter { reviews[$0].p != nil }
        let q = Comparison.benjaminiHochberg(family.map { reviews[$0].p! })
        for (k, index) in family.enumerated() {
            reviews[index].q = q[k]
            judge(&reviews[index], sign: signs[index], expected: expected[index])
        }
        return reviews
    }

    /// Compares the linked measure between the opening and the latest wave (no verdict on the
    /// change yet: that needs the q of the whole family).
    static func compare(_ action: ImprovementAction, report: Report, instrument: Instrument) -> ActionReview {
        let latest = report.waves.last
        var review = ActionReview(
            action: action.id, instrument: instrument.id, group: action.link.group, from: action.opened, to: latest,
            significance: report.settings.significance)
        guard let latest, report.waves.contains(action.opened) else {
            review.basis = .openingWaveNotInData
            return review
        }
        guard latest != action.opened else {
            review.basis = .noLaterWave
            // The baseline is already known; the comparison waits for the next wave.
            if case .success(let baseline) = LinkedSample.find(action.link, wave: latest, in: report, instrument: instrument) {
                review.before = baseline.value
            }
            return review
        }
        var samples: [LinkedSample] = []
        for wave in [action.opened, latest] {
            switch LinkedSample.find(action.link, wave: wave, in: report, instrument: instrument) {
            case .success(let sample):
                samples.append(sample)
            case .failure(let missing):
                review.basis = missing.basis
                review.detail = missing.detail
                return review
            }
        }
        review.before = samples[0].value
        review.after = samples[1].value
        review.change = samples[1].value - samples[0].value
        guard let (test, result) = LinkedSample.test(samples[0], samples[1]) else {
            review.basis = .noTest
            return review
        }
        review.test = test
        review.testStatistic = result.statistic
        review.p = result.p
        return review
    }

    /// Sets the verdict from q, the intended direction and the expected change.
    static func judge(_ review: inout ActionReview, sign: Double, expected: Double?) {
        guard let q = review.q, let change = review.change else { return }
        let improvement = change * sign
        if q >= review.significance || improvement == 0 {
            review.verdict = .notYetEffective
            review.basis = .notSignificant
        } else if improvement < 0 {
            review.verdict = .worse
            review.basis = .declined
        } else if let expected, improvement < abs(expected) * (1 - 1e-9) {
            review.verdict = .notYetEffective
            review.basis = .shortOfExpected
        } else {
            review.verdict = .effective
            review.basis = .improved
        }
    }
}
