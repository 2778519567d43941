namespace MlOps.Core.Statistics;

public static class Quantile
{
    /// <summary>The q-quantile of sorted values, linear between order statistics (numpy's default); NaN when empty.</summary>
    public static double Linear(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
