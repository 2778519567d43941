namespace MlOps.Reports.Html;

/// <summary>
/// Candidate vs baseline: blue and orange stay distinguishable for the common colour-vision deficiencies, and the
/// baseline is also dashed so a grey-scale print still tells them apart.
/// </summary>
internal static class ChartColors
{
    public const string Candidate = "#1f6feb";
    public const string Baseline = "#e36209";
    public const string BaselineDash = "6 4";
    public const string Reference = "#8b949e";
}
