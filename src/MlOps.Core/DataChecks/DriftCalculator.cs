using MlOps.Core.Data;

namespace MlOps.Core.DataChecks;

/// <summary>
/// Population stability index and Kolmogorov-Smirnov distance of new data against a training profile. Missing values
/// are a bin of their own, so a column that starts arriving empty drifts too.
/// </summary>
public static class DriftCalculator
{
    /// <summary>Empty bins would make PSI infinite; a small floor keeps it finite and comparable.</summary>
    private const double Floor = 1e-4;

    public static double Psi(FeatureProfile profile, TableColumn column)
    {
        var (expected, actual) = profile.Kind == ColumnKind.Numeric ? NumericShares(profile, column) : CategoryShares(profile, column);
        return Psi(expected, actual);
    }

    /// <summary>PSI of shares already binned the same way (the streaming <see cref="DriftAccumulator"/> bins as it reads).</summary>
    internal static double Psi(double[] expected, double[] actual)
    {
        double psi = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            double e = Math.Max(expected[i], Floor), a = Math.Max(actual[i], Floor);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>Largest gap between the training CDF (interpolated from its 101 quantiles) and the new data's CDF.</summary>
    public static double? Ks(FeatureProfile profile, TableColumn column)
    {
        if (profile.Quantiles is not { Length: > 1 } q || column.Kind != ColumnKind.Numeric) return null;
        var values = column.Numbers.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(values);
        if (values.Length == 0) return null;
        double worst = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (i + 1 < values.Length && values[i + 1] == values[i]) continue;
            var training = TrainingCdf(q, values[i]);
            worst = Math.Max(worst, Math.Max(Math.Abs((i + 1.0) / values.Length - training), Math.Abs((double)FirstIndex(values, values[i]) / values.Length - TrainingCdfBelow(q, values[i]))));
        }
        return worst;
    }

    private static int FirstIndex(double[] sorted, double v)
    {
        var i = Array.BinarySearch(sorted, v);
        while (i > 0 && sorted[i - 1] == v) i--;
        return i;
    }

    /// <summary>P(X ≤ x) from quantiles q[k] = Q(k/100), linear between them.</summary>
    internal static double TrainingCdf(double[] q, double x)
    {
        if (x < q[0]) return 0;
        if (x >= q[^1]) return 1;
        var k = 0;
        while (k + 1 < q.Length && q[k + 1] <= x) k++;
        var span = q[k + 1] - q[k];
        return (k + (span == 0 ? 1 : (x - q[k]) / span)) / (q.Length - 1);
    }

    /// <summary>P(X &lt; x): equal to the CDF except at atoms, where the training data had repeated values.</summary>
    internal static double TrainingCdfBelow(double[] q, double x)
    {
        if (x <= q[0]) return 0;
        var k = Array.FindIndex(q, v => v >= x);
        if (k < 0) return 1;
        var span = q[k] - q[k - 1];
        return (k - 1 + (span == 0 ? 0 : (x - q[k - 1]) / span)) / (q.Length - 1);
    }

    private static (double[] Expected, double[] Actual) NumericShares(FeatureProfile p, TableColumn column)
    {
        var edges = p.BinEdges ?? [];
        var present = column.Numbers.Where(v => !double.IsNaN(v)).ToArray();
        var actual = DataProfile.BinShares(present, edges, column.Length).Append((column.Length - present.Length) / (double)Math.Max(1, column.Length));
        return (ExpectedNumeric(p), actual.ToArray());
    }

    /// <summary>Training shares of the PSI bins of a number, missing last.</summary>
    internal static double[] ExpectedNumeric(FeatureProfile p) =>
        (p.BinShares ?? new double[(p.BinEdges?.Length ?? 0) + 1]).Append(p.MissingShare).ToArray();

    internal const string MissingKey = "\0missing";

    /// <summary>The PSI bins of a category: the kept categories, the pooled rest, missing last.</summary>
    internal static List<string> CategoryKeys(FeatureProfile p) =>
        (p.CategoryShares ?? []).Keys.Append(DataProfile.Other).Distinct().Append(MissingKey).ToList();

    internal static double[] ExpectedCategories(FeatureProfile p, IReadOnlyList<string> keys) =>
        keys.Select(k => k == MissingKey ? p.MissingShare : (p.CategoryShares ?? []).GetValueOrDefault(k)).ToArray();

    private static (double[] Expected, double[] Actual) CategoryShares(FeatureProfile p, TableColumn column)
    {
        var known = p.CategoryShares ?? [];
        var n = (double)Math.Max(1, column.Length);
        var counts = new Dictionary<string, double>();
        foreach (var v in column.Strings)
        {
            var key = v is null ? MissingKey : known.ContainsKey(v) ? v : DataProfile.Other;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        var keys = CategoryKeys(p);
        return (ExpectedCategories(p, keys), keys.Select(k => counts.GetValueOrDefault(k) / n).ToArray());
    }
}
