using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Gates;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;

namespace MlOps.Core.Slicing;

public sealed record SliceResult(string Column, string Value, int Rows, bool Gated,
    IReadOnlyDictionary<string, double> Candidate, IReadOnlyDictionary<string, double>? Baseline);

public sealed record FairnessSummary(string Sensitive, FairnessReport Candidate, FairnessReport? Baseline);

/// <summary>Per-slice metrics and fairness for candidate and baseline on the same rows, and the gates on them.</summary>
public static class SliceEvaluator
{
    public static (IReadOnlyList<SliceResult> Slices, IReadOnlyList<GateCheck> Checks) Slices(
        Table table, Labels labels, Predictions candidate, Predictions? baseline, SliceSettings settings, ICollection<string>? notes = null)
    {
        var results = new List<SliceResult>();
        var checks = new List<GateCheck>();
        // A slice is a 0/1 weight over all rows, so one sort of each model's scores serves every slice.
        var binary = labels.Task == ModelTask.BinaryClassification && settings.Columns.Count > 0;
        var candidateSorted = binary ? SortedScores.For(candidate.Probabilities!, labels.Binary!) : null;
        var baselineSorted = binary && baseline is not null ? SortedScores.For(baseline.Probabilities!, labels.Binary!) : null;
        foreach (var column in settings.Columns)
            RequireColumn(table, column, "evaluate.slices");
        // Every slice walks all rows of both models and no slice depends on another: measure them on every core, one
        // slice and model per work item, then gate them in order.
        var slices = settings.Columns.SelectMany(column => Slicer.Build(table, column, settings.Bins)).ToList();
        var measured = new IReadOnlyDictionary<string, double>?[slices.Count, 2];
        Parallel.For(0, slices.Count * 2, i =>
        {
            var (slice, model) = (slices[i / 2], i % 2);
            if (model == 0) measured[i / 2, 0] = MetricCalculator.Compute(candidate, labels, w: slice.Weights, sorted: candidateSorted);
            else if (baseline is not null) measured[i / 2, 1] = MetricCalculator.Compute(baseline, labels, w: slice.Weights, sorted: baselineSorted);
        });
        for (var s = 0; s < slices.Count; s++)
        {
            var (slice, column) = (slices[s], slices[s].Column);
            var gated = slice.Rows >= settings.MinSize;
            var (c, b) = (measured[s, 0]!, measured[s, 1]);
            results.Add(new SliceResult(column, slice.Value, slice.Rows, gated, c, b));
            if (!gated || b is null) continue;
            foreach (var rule in settings.MaxRegression)
            {
                var info = MetricCatalog.Find(labels.Task, rule.Metric)!;
                double cv = c[rule.Metric], bv = b[rule.Metric];
                if (double.IsNaN(cv) || double.IsNaN(bv))
                {
                    notes?.Add($"slice {column}={slice.Value}: {rule.Metric} is undefined there (e.g. only one class present), so it is not gated");
                    continue;
                }
                var allowed = rule.AbsoluteFor(bv);
                var limit = info.HigherIsBetter ? bv - allowed : bv + allowed;
                var passed = info.HigherIsBetter ? cv >= limit : cv <= limit;
                checks.Add(new GateCheck(GateKind.Slice, rule.Metric, $"slice {column}={slice.Value} ({slice.Rows} rows): not worse than baseline by more than {rule.Text}",
                    cv, bv, limit, passed,
                    $"slice {column}={slice.Value} ({slice.Rows} rows): {rule.Metric} {GateEvaluator.F(cv)} vs baseline {GateEvaluator.F(bv)} " +
                    $"({GateEvaluator.Signed(cv - bv)}); {(passed ? "within" : "regressed beyond")} the margin {rule.Text}"));
            }
        }
        return (results, checks);
    }

    public static (FairnessSummary? Summary, IReadOnlyList<GateCheck> Checks) Fairness(
        Table table, Labels labels, Predictions candidate, Predictions? baseline, FairnessSettings settings)
    {
        if (settings.Sensitive is not { } column) return (null, []);
        if (labels.Task != ModelTask.BinaryClassification)
            throw new InvalidInputException($"evaluate.fairness applies to binary classification, not {labels.Task.ToName()}");
        RequireColumn(table, column, "evaluate.fairness.sensitive");
        var groups = Slicer.Build(table, column, 4);
        var c = FairnessReport.Compute(candidate.Probabilities!, labels.Binary!, groups);
        var b = baseline is null ? null : FairnessReport.Compute(baseline.Probabilities!, labels.Binary!, groups);
        var checks = settings.Thresholds.Select(rule =>
        {
            var value = c.Metrics[rule.Metric];
            var passed = !double.IsNaN(value) && rule.IsMet(value);
            var versus = b is null ? "" : $" (baseline {GateEvaluator.F(b.Metrics[rule.Metric])})";
            return new GateCheck(GateKind.Fairness, rule.Metric, $"{rule.Text} over {column}", value, b?.Metrics[rule.Metric], rule.Value, passed,
                $"{rule.Metric} over {column} = {GateEvaluator.F(value)}{versus} {(passed ? "meets" : "does not meet")} {rule.Text}");
        }).ToList();
        return (new FairnessSummary(column, c, b), checks);
    }

    private static void RequireColumn(Table table, string column, string key)
    {
        if (!table.Has(column))
            throw new InvalidInputException($"{table.Source}: {key} names column '{column}', which the data does not have (columns: {string.Join(", ", table.ColumnNames)})");
    }
}
