namespace MlOps.Steps.Delivery;

/// <summary>The two statistics the metrics use, defined here once so the README can state them exactly.</summary>
public static class DeliveryStats
{
    /// <summary>The middle value; the mean of the two middle values for an even count; null for none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// Nearest-rank percentile: the value at rank ceil(p·n) of the sorted values. Chosen over interpolation because
    /// with the handful of changes a model has per month it is always a lead time that really happened.
    /// </summary>
    public static double? Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
