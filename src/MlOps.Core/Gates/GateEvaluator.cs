using System.Globalization;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;
using MlOps.Core.Statistics;

namespace MlOps.Core.Gates;

public enum GateKind { Threshold, Baseline, Slice, Fairness, Signature, Data }

/// <summary>One gate, with everything a reviewer needs to agree or disagree with its verdict.</summary>
public sealed record GateCheck(
    GateKind Kind,
    string Metric,
    string Rule,
    double Candidate,
    double? Baseline,
    double? Limit,
    bool Passed,
    string Message,
    double? Lower = null,
    double? Upper = null,
    double? PValue = null,
    double? McNemarPValue = null);

public sealed record GateOutcome(IReadOnlyList<GateCheck> Checks)
{
    public bool Passed => Checks.All(c => c.Passed);
    public IEnumerable<GateCheck> Failures => Checks.Where(c => !c.Passed);
}

public static class GateEvaluator
{
    public static GateOutcome Evaluate(
        ModelTask task,
        IReadOnlyDictionary<string, double> candidate,
        IReadOnlyList<ThresholdRule> thresholds,
        IReadOnlyDictionary<string, double>? baseline,
        IReadOnlyList<MarginRule> margins,
        IReadOnlyDictionary<string, DifferenceEstimate>? significance = null,
        string rule = "significant")
    {
        var checks = new List<GateCheck>();
        foreach (var threshold in thresholds)
        {
            var value = candidate[threshold.Metric];
            var passed = !double.IsNaN(value) && threshold.IsMet(value);
            checks.Add(new GateCheck(GateKind.Threshold, threshold.Metric, threshold.Text, value, null, threshold.Value, passed,
                passed
                    ? $"{threshold.Metric} = {F(value)} meets {threshold.Text}"
                    : $"{threshold.Metric} = {F(value)} does not meet {threshold.Text}"));
        }
        if (baseline is null) return new GateOutcome(checks);

        foreach (var margin in margins)
        {
            var info = MetricCatalog.Find(task, margin.Metric)!;
            double c = candidate[margin.Metric], b = baseline[margin.Metric];
            var allowed = margin.AbsoluteFor(b);
            // Non-inferiority: the candidate may be worse than the baseline by at most the margin.
            var limit = info.HigherIsBetter ? b - allowed : b + allowed;
            var change = c - b;
            var word = change == 0 ? "unchanged" : (change > 0) == info.HigherIsBetter ? "better" : "worse";
            var head = $"{margin.Metric} {F(c)} vs baseline {F(b)} ({Signed(change)}, {word}";
            var estimate = significance?.GetValueOrDefault(margin.Metric);
            if (estimate is null)
            {
                var passed = !double.IsNaN(c) && (info.HigherIsBetter ? c >= limit : c <= limit);
                checks.Add(new GateCheck(GateKind.Baseline, margin.Metric, $"not worse than baseline by more than {margin.Text}",
                    c, b, limit, passed, head + "); " + (passed
                        ? $"within the margin ({(info.HigherIsBetter ? ">=" : "<=")} {F(limit)})"
                        : $"regressed beyond the margin {margin.Text} (needed {(info.HigherIsBetter ? ">=" : "<=")} {F(limit)})")));
                continue;
            }
            // The worse end of the interval decides under "strict"; the better end under "significant".
            var worseEnd = info.HigherIsBetter ? estimate.Lower : estimate.Upper;
            var betterEnd = info.HigherIsBetter ? estimate.Upper : estimate.Lower;
            var beyond = (double end) => info.HigherIsBetter ? end < -allowed : end > allowed;
            var failed = double.IsNaN(c) || (rule == "strict" ? beyond(worseEnd) : beyond(betterEnd));
            var interval = $"{estimate.Level * 100:0}% CI [{Signed(estimate.Lower)}, {Signed(estimate.Upper)}]";
            var verdict = failed
                ? rule == "strict"
                    ? $"cannot rule out a regression beyond the margin {margin.Text} (strict)"
                    : $"regressed beyond the margin {margin.Text}, significantly (p = {P(estimate.PValue)})"
                : rule == "strict"
                    ? $"shown not worse than the margin {margin.Text}"
                    : beyond(change) ? $"beyond the margin {margin.Text} but not significantly (p = {P(estimate.PValue)})" : $"within the margin {margin.Text}";
            checks.Add(new GateCheck(GateKind.Baseline, margin.Metric,
                $"not worse than baseline by more than {margin.Text} ({(rule == "strict" ? "strict" : "significant")}, {interval})",
                c, b, limit, !failed, $"{head}, {interval}); {verdict}",
                estimate.Lower, estimate.Upper, estimate.PValue, estimate.McNemarPValue));
        }
        return new GateOutcome(checks);
    }

    public static string Signed(double v) => (v >= 0 ? "+" : "") + F(v);

    private static string P(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);

    public static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0000", CultureInfo.InvariantCulture);
}
