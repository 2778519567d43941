namespace MlOps.Core.Statistics;

/// <summary>
/// <c>evaluate.significance</c>. The interval is the two-sided (1 − alpha) percentile interval of
/// candidate − baseline. Rule <c>significant</c>: a baseline gate fails only when the whole interval lies beyond the
/// margin (the regression is significant, one-sided error alpha/2). Rule <c>strict</c>: it fails as soon as the
/// interval reaches beyond the margin (non-inferiority must be shown).
/// </summary>
public sealed record SignificanceSettings(string Method, int Resamples, double Alpha, int Seed, string Rule)
{
    public static readonly SignificanceSettings Default = new("paired-bootstrap", 1000, 0.05, 0, "significant");

    public bool Enabled => Method != "none";
}

/// <summary>Candidate − baseline for one metric, with its interval and the p-value of "regressed beyond the margin".</summary>
public sealed record DifferenceEstimate(double Difference, double Lower, double Upper, double PValue, double Level, int Resamples,
    double? McNemarPValue = null);
