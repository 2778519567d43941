using MlOps.Core.Data;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;

namespace MlOps.Core.DataChecks;

public sealed record LeakSuspect(string Feature, string Measure, double Value);

/// <summary>
/// A feature that predicts the label almost perfectly on its own is usually the label in disguise (bike sharing's
/// registered riders are part of the count). Binary: single-feature AUC ≥ 0.99 (categories scored by their positive
/// rate); regression: |Pearson r| ≥ 0.95 for numbers.
/// </summary>
public static class LeakDetector
{
    public const double AucLimit = 0.99;
    public const double CorrelationLimit = 0.95;

    public static IReadOnlyList<LeakSuspect> Find(Table table, IEnumerable<FeatureInfo> features, Labels labels)
    {
        var suspects = new List<LeakSuspect>();
        foreach (var f in features)
        {
            var column = table[f.Name];
            if (labels.Task == ModelTask.BinaryClassification)
            {
                var score = f.Kind == ColumnKind.Numeric
                    ? column.Numbers.Select(v => double.IsNaN(v) ? double.MinValue : v).ToArray()
                    : PositiveRateByCategory(column, labels.Binary!);
                var auc = MetricCalculator.Auc(score, labels.Binary!);
                var strength = Math.Max(auc, 1 - auc);
                if (strength >= AucLimit) suspects.Add(new(f.Name, "single-feature AUC", strength));
            }
            else if (labels.Task == ModelTask.Regression && f.Kind == ColumnKind.Numeric)
            {
                var r = Math.Abs(Correlation(column.Numbers, labels.Values!));
                if (r >= CorrelationLimit) suspects.Add(new(f.Name, "|correlation| with the label", r));
            }
        }
        return suspects;
    }

    private static double[] PositiveRateByCategory(TableColumn column, bool[] y)
    {
        var rate = Enumerable.Range(0, y.Length).GroupBy(i => column.Strings[i] ?? "\0")
            .ToDictionary(g => g.Key, g => g.Average(i => y[i] ? 1.0 : 0.0));
        return column.Strings.Select(s => rate[s ?? "\0"]).ToArray();
    }

    private static double Correlation(double[] x, double[] y)
    {
        var rows = Enumerable.Range(0, x.Length).Where(i => !double.IsNaN(x[i])).ToList();
        if (rows.Count < 3) return 0;
        double mx = rows.Average(i => x[i]), my = rows.Average(i => y[i]);
        double sxy = rows.Sum(i => (x[i] - mx) * (y[i] - my)), sxx = rows.Sum(i => (x[i] - mx) * (x[i] - mx)), syy = rows.Sum(i => (y[i] - my) * (y[i] - my));
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }
}
