namespace MlOps.Core.Metrics;

/// <summary>
/// Scores sorted once, with labels in the same order and tie groups found up front, so that each bootstrap resample
/// computes AUC and average precision in one sequential pass with a single lookup of the row's weight.
/// </summary>
public sealed class SortedScores
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<double[], SortedScores> Cache = new();

    /// <summary>
    /// The sort of these scores with these labels, made once: the point metrics, the paired bootstrap, every slice and
    /// the report's curves all walk the same order, and sorting a million scores is the costly part. Keyed by the
    /// arrays themselves; predictions are never changed after scoring.
    /// </summary>
    public static SortedScores For(double[] p, bool[] y)
    {
        if (Cache.TryGetValue(p, out var cached) && ReferenceEquals(cached._y, y)) return cached;
        var created = new SortedScores(p, y);
        Cache.AddOrUpdate(p, created);
        return created;
    }

    private readonly bool[] _y;

    public SortedScores(double[] p, bool[] y)
    {
        _y = y;
        Order = MetricCalculator.AscendingOrder(p);
        Labels = Order.Select(i => y[i]).ToArray();
        var starts = new List<int>();
        for (var k = 0; k < Order.Length; k++)
            if (k == 0 || p[Order[k]] != p[Order[k - 1]]) starts.Add(k);
        starts.Add(Order.Length);
        GroupStarts = starts.ToArray();
    }

    /// <summary>Row indexes by ascending score.</summary>
    public int[] Order { get; }

    /// <summary>Labels in <see cref="Order"/>.</summary>
    public bool[] Labels { get; }

    /// <summary>Start of each run of equal scores in <see cref="Order"/>, plus the length at the end.</summary>
    public int[] GroupStarts { get; }

    /// <summary>Weighted Mann-Whitney AUC with ties counted half.</summary>
    public double Auc(double[]? w)
    {
        double negativesBelow = 0, positives = 0, pairs = 0;
        for (var g = 0; g + 1 < GroupStarts.Length; g++)
        {
            double tiedPositives = 0, tiedNegatives = 0;
            for (var k = GroupStarts[g]; k < GroupStarts[g + 1]; k++)
            {
                var weight = w is null ? 1 : w[Order[k]];
                if (Labels[k]) tiedPositives += weight;
                else tiedNegatives += weight;
            }
            pairs += tiedPositives * (negativesBelow + tiedNegatives / 2);
            negativesBelow += tiedNegatives;
            positives += tiedPositives;
        }
        return positives == 0 || negativesBelow == 0 ? double.NaN : pairs / (positives * negativesBelow);
    }

    /// <summary>sklearn's average precision: thresholds from the highest score down, ties together.</summary>
    public double AveragePrecision(double[]? w)
    {
        double positives = 0;
        for (var k = 0; k < Labels.Length; k++) if (Labels[k]) positives += w is null ? 1 : w[Order[k]];
        if (positives == 0) return double.NaN;
        double tp = 0, fp = 0, ap = 0;
        for (var g = GroupStarts.Length - 2; g >= 0; g--)
        {
            double gained = 0;
            for (var k = GroupStarts[g]; k < GroupStarts[g + 1]; k++)
            {
                var weight = w is null ? 1 : w[Order[k]];
                if (Labels[k]) { tp += weight; gained += weight; }
                else fp += weight;
            }
            if (gained > 0) ap += gained / positives * (tp / (tp + fp));
        }
        return ap;
    }
}
