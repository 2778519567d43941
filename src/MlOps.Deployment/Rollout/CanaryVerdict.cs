using System.Globalization;
using MlOps.Core.Config;

namespace MlOps.Deployment.Rollout;

/// <summary>The candidate's numbers over one step against the thresholds of <see cref="CanaryAnalysis"/>.</summary>
public sealed record CanaryVerdict(ScoringSnapshot Step, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;

    public static CanaryVerdict Judge(ScoringSnapshot step, CanaryAnalysis analysis)
    {
        var problems = new List<string>();
        var p99 = step.QuantileMilliseconds(0.99);
        if (step.Requests < analysis.MinRequests)
            problems.Add($"only {step.Requests:0} requests reached the new version (min-requests {analysis.MinRequests}): too few to judge it");
        if (step.ErrorRate > analysis.MaxErrorRate)
            problems.Add($"error rate {Percent(step.ErrorRate)} ({step.ServerErrors:0} of {step.Requests:0} answered 5xx) is above max-error-rate {Percent(analysis.MaxErrorRate)}");
        if (p99 > analysis.MaxP99Milliseconds)
            problems.Add($"p99 latency {Ms(p99)} is above max-p99-ms {analysis.MaxP99Milliseconds.ToString(CultureInfo.InvariantCulture)} ms");
        return new CanaryVerdict(step, problems);
    }

    public string Summary =>
        $"{Step.Requests:0} requests, {Percent(Step.ErrorRate)} 5xx, p99 {Ms(Step.QuantileMilliseconds(0.99))}";

    public Dictionary<string, string> Measured() => new()
    {
        ["requests"] = Step.Requests.ToString("0", CultureInfo.InvariantCulture),
        ["error-rate"] = Step.ErrorRate.ToString("0.####", CultureInfo.InvariantCulture),
        ["p99-ms"] = Step.QuantileMilliseconds(0.99) is var p && double.IsFinite(p) ? p.ToString("0.#", CultureInfo.InvariantCulture) : p.ToString(CultureInfo.InvariantCulture),
    };

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : double.IsPositiveInfinity(ms) ? "beyond the histogram" : $"{ms:0.#} ms";
}
