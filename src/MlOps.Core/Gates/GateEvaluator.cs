using System.Globalization;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;

namespace MlOps.Core.Gates;

public enum GateKind { Threshold, Baseline }

/// <summary>One gate, with everything a reviewer needs to agree or disagree with its verdict.</summary>
public sealed record GateCheck(
    GateKind Kind,
    string Metric,
    string Rule,
    double Candidate,
    double? Baseline,
    double? Limit,
    bool Passed,
    string Message);

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
        IReadOnlyList<MarginRule> margins)
    {
        var checks = new List<GateCheck>();
        foreach (var rule in thresholds)
        {
            var value = candidate[rule.Metric];
            var passed = !double.IsNaN(value) && rule.IsMet(value);
            checks.Add(new GateCheck(GateKind.Threshold, rule.Metric, rule.Text, value, null, rule.Value, passed,
                passed
                    ? $"{rule.Metric} = {F(value)} meets {rule.Text}"
                    : $"{rule.Metric} = {F(value)} does not meet {rule.Text}"));
        }
        if (baseline is null) return new GateOutcome(checks);

        foreach (var margin in margins)
        {
            var info = MetricCatalog.Find(task, margin.Metric)!;
            double c = candidate[margin.Metric], b = baseline[margin.Metric];
            var allowed = margin.AbsoluteFor(b);
            // Non-inferiority: the candidate may be worse than the baseline by at most the margin.
            var limit = info.HigherIsBetter ? b - allowed : b + allowed;
            var passed = !double.IsNaN(c) && (info.HigherIsBetter ? c >= limit : c <= limit);
            var change = c - b;
            var word = change == 0 ? "unchanged" : (change > 0) == info.HigherIsBetter ? "better" : "worse";
            checks.Add(new GateCheck(GateKind.Baseline, margin.Metric, $"not worse than baseline by more than {margin.Text}",
                c, b, limit, passed,
                $"{margin.Metric} {F(c)} vs baseline {F(b)} ({(change >= 0 ? "+" : "")}{F(change)}, {word}); " +
                (passed ? $"within the margin ({(info.HigherIsBetter ? ">=" : "<=")} {F(limit)})"
                        : $"regressed beyond the margin {margin.Text} (needed {(info.HigherIsBetter ? ">=" : "<=")} {F(limit)})")));
        }
        return new GateOutcome(checks);
    }

    public static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0000", CultureInfo.InvariantCulture);
}
