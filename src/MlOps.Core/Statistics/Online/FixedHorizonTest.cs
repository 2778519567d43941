namespace MlOps.Core.Statistics.Online;

/// <summary>
/// The classic test for a sample size fixed in advance (<c>--horizon N</c>): a two-sided z-test of the mean loss
/// difference (paired, or Welch's normal approximation for independent arms) on the first N samples only. Valid once,
/// at N; looking earlier and stopping on a significant result is what the sequential test is for.
/// </summary>
public static class FixedHorizonTest
{
    public static (double Lower, double Upper, double PValue) Evaluate(LossDifference d, double alpha)
    {
        if (d.Variance == 0) return (d.Estimate, d.Estimate, d.Estimate == 0 ? 1 : 0);
        var se = Math.Sqrt(d.Variance);
        var radius = Normal.Quantile(1 - alpha / 2) * se;
        return (d.Estimate - radius, d.Estimate + radius, Normal.TwoSidedP(d.Estimate / se));
    }
}
