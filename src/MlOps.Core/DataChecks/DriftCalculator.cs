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
        var bins = new DriftBins(profile);
        return Psi(bins.Expected, bins.CountAll(column), column.Length);
    }

    /// <summary>PSI of <paramref name="counts"/> rows per bin (out of <paramref name="rows"/>) against the expected shares.</summary>
    public static double Psi(ReadOnlySpan<double> expected, ReadOnlySpan<long> counts, long rows)
    {
        var n = (double)Math.Max(1, rows);
        double psi = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            double e = Math.Max(expected[i], Floor), a = Math.Max(counts[i] / n, Floor);
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
}
