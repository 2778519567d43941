using System.Globalization;
using MlOps.Core.Data;

namespace MlOps.Core.Slicing;

/// <summary>Cuts a table into slices: one per category (missing values are a slice of their own) or per quantile bin.</summary>
public static class Slicer
{
    public const string Missing = "(missing)";

    public static IReadOnlyList<Slice> Build(Table table, string column, int bins)
    {
        var values = table[column];
        var labels = values.Kind == ColumnKind.Categorical
            ? values.Strings.Select(v => v ?? Missing).ToArray()
            : Bin(values.Numbers, bins);
        return labels.Distinct().Order(StringComparer.Ordinal).Select(label =>
        {
            var weights = labels.Select(l => l == label ? 1.0 : 0.0).ToArray();
            return new Slice(column, label, (int)weights.Sum(), weights);
        }).ToList();
    }

    /// <summary>Quantile edges, so each bin holds about the same number of rows; labels read "[25, 37)".</summary>
    private static string[] Bin(double[] numbers, int bins)
    {
        var present = numbers.Where(v => !double.IsNaN(v)).Order().ToArray();
        var edges = Enumerable.Range(1, bins - 1)
            .Select(k => present.Length == 0 ? double.NaN : present[(int)((long)k * (present.Length - 1) / bins)])
            .Distinct().ToArray();
        if (edges.Length == 0)
            return numbers.Select(v => double.IsNaN(v) ? Missing : "all").ToArray();
        string Label(double lo, double hi) =>
            $"[{(double.IsNegativeInfinity(lo) ? "-inf" : F(lo))}, {(double.IsPositiveInfinity(hi) ? "inf" : F(hi))})";
        return numbers.Select(v =>
        {
            if (double.IsNaN(v)) return Missing;
            var i = Array.FindIndex(edges, e => v < e);
            var lo = i <= 0 ? (i == 0 ? double.NegativeInfinity : edges[^1]) : edges[i - 1];
            var hi = i < 0 ? double.PositiveInfinity : edges[i];
            return Label(lo, hi);
        }).ToArray();
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
