using System.Globalization;
using MlOps.Core.Gates;

namespace MlOps.Reports.Online;

/// <summary>The online A/B section's wording, shared by report.md and report.html so both say the same thing.</summary>
public static class OnlineAbText
{
    public static string Heading(OnlineAbSummary s) =>
        $"Online A/B · {(s.Mode == "mirror" ? "mirror (both variants scored every request: paired)" : "split (each request went to one variant: independent samples)")} · " +
        (s.Test == "sequential" ? $"sequential test (always valid, alpha {N(s.Alpha)})" : $"fixed-horizon test at {s.Horizon} samples (alpha {N(s.Alpha)})");

    public static IReadOnlyList<(string Name, string Champion, string Challenger)> Rows(OnlineAbSummary s) =>
    [
        ("model version", string.Join(", ", s.Champion.ModelVersions), string.Join(", ", s.Challenger.ModelVersions)),
        ("requests", I(s.Champion.Requests), I(s.Challenger.Requests)),
        ("labelled rows", I(s.Champion.Labelled), I(s.Challenger.Labelled)),
        ("rows without a label", I(s.Champion.Unlabelled), I(s.Challenger.Unlabelled)),
        ("latency p50 (ms)", Ms(s.Champion.LatencyP50Ms), Ms(s.Challenger.LatencyP50Ms)),
        ("latency p99 (ms)", Ms(s.Champion.LatencyP99Ms), Ms(s.Challenger.LatencyP99Ms)),
    ];

    public static string Finding(OnlineAbSummary s)
    {
        var interval = s.Test == "sequential" ? "confidence sequence" : "confidence interval";
        var level = (1 - s.Alpha).ToString("0.##%", CultureInfo.InvariantCulture);
        var evidence = $"{s.Metric} challenger − champion {GateEvaluator.Signed(s.Difference)}, {level} {interval} " +
                       $"[{GateEvaluator.Signed(s.Lower)}, {GateEvaluator.Signed(s.Upper)}], {P(s.PValue)} over {I(s.Samples)} {Unit(s)}";
        return s.Decision switch
        {
            OnlineAbSummary.ChallengerWins => $"Challenger wins: {evidence}{Stopped(s)}.",
            OnlineAbSummary.ChampionWins => $"Champion wins: {evidence}{Stopped(s)}.",
            _ when s.Horizon is { } h && s.Samples < h => $"Keep collecting: {evidence}; the fixed-horizon test decides at {I(h)}.",
            _ => $"Keep collecting: {evidence}; no significant difference yet.",
        };
    }

    private static string Stopped(OnlineAbSummary s) => s.DecidedAtSamples is { } n ? $"; decided at {I(n)} {Unit(s)}" : "";

    private static string Unit(OnlineAbSummary s) => s.Mode == "mirror" ? "labelled pairs" : "labelled rows";

    private static string I(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Ms(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.00", CultureInfo.InvariantCulture);

    private static string P(double p) => double.IsNaN(p) ? "p n/a" : p < 0.0001 ? "p < 0.0001" : "p = " + p.ToString("0.0000", CultureInfo.InvariantCulture);
}
