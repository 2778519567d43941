using System.Globalization;
using MlOps.Core.Config;
using MlOps.Core.Statistics;

namespace MlOps.Deployment.Rollout;

/// <summary>The candidate's numbers over one step against the thresholds of <see cref="CanaryAnalysis"/>.</summary>
/// <param name="Live">The live version's numbers over the same step, when its /metrics could be read.</param>
public sealed record CanaryVerdict(ScoringSnapshot Step, IReadOnlyList<string> Problems, ScoringSnapshot? Live = null)
{
    public bool Passed => Problems.Count == 0;

    /// <param name="live">The live version over the same interval: the candidate's 4xx share is judged against it,
    /// since some clients always send bad requests, but a version that refuses what live accepts (a feature it
    /// no longer takes, a stricter type) would break every such client once promoted.</param>
    public static CanaryVerdict Judge(ScoringSnapshot step, CanaryAnalysis analysis, ScoringSnapshot? live = null)
    {
        var problems = new List<string>();
        var p99 = step.QuantileMilliseconds(0.99);
        if (step.Requests < analysis.MinRequests)
            problems.Add($"only {step.Requests:0} requests reached the new version (min-requests {analysis.MinRequests}): too few to judge it");
        if (step.ErrorRate > analysis.MaxErrorRate)
            problems.Add($"error rate {Percent(step.ErrorRate)} ({step.ServerErrors:0} of {step.Requests:0} answered 5xx) is above max-error-rate {Percent(analysis.MaxErrorRate)}");
        if (p99 > analysis.MaxP99Milliseconds)
            problems.Add($"p99 latency {Ms(p99)} is above max-p99-ms {analysis.MaxP99Milliseconds.ToString(CultureInfo.InvariantCulture)} ms");
        if (live is not null && RefusesMoreThanLive(step, live, analysis.MaxErrorRate))
            problems.Add($"it refused {Percent(step.ClientErrorRate)} of its requests with 4xx ({step.ClientErrors:0} of {step.Requests:0}) against " +
                         $"{Percent(live.ClientErrorRate)} on the live version, more than max-error-rate {Percent(analysis.MaxErrorRate)} apart: " +
                         "clients send requests it does not accept (a changed input schema?)");
        return new CanaryVerdict(step, problems, live);
    }

    /// <summary>A one-sided binomial test beside the margin, so one bad request among a small step's few dozen does not
    /// roll a version back.</summary>
    private const double SignificanceLevel = 0.01;

    /// <summary>
    /// The candidate's 4xx share is more than <paramref name="margin"/> above live's, and more 4xx than live's share
    /// would plausibly give over the candidate's requests (live's share smoothed by one refused and one accepted request,
    /// so a live version that refused nothing yet is not taken to refuse never).
    /// </summary>
    private static bool RefusesMoreThanLive(ScoringSnapshot step, ScoringSnapshot live, double margin)
    {
        if (step.ClientErrorRate - live.ClientErrorRate <= margin) return false;
        var liveShare = (live.ClientErrors + 1) / (live.Requests + 2);
        return Binomial.UpperTail((int)step.Requests, (int)step.ClientErrors, liveShare) < SignificanceLevel;
    }

    public string Summary =>
        $"{Step.Requests:0} requests, {Percent(Step.ErrorRate)} 5xx, {Percent(Step.ClientErrorRate)} 4xx" +
        (Live is null ? "" : $" (live {Percent(Live.ClientErrorRate)})") + $", p99 {Ms(Step.QuantileMilliseconds(0.99))}";

    public Dictionary<string, string> Measured() => new()
    {
        ["requests"] = Step.Requests.ToString("0", CultureInfo.InvariantCulture),
        ["error-rate"] = Step.ErrorRate.ToString("0.####", CultureInfo.InvariantCulture),
        ["client-error-rate"] = Step.ClientErrorRate.ToString("0.####", CultureInfo.InvariantCulture),
        ["p99-ms"] = Step.QuantileMilliseconds(0.99) is var p && double.IsFinite(p) ? p.ToString("0.#", CultureInfo.InvariantCulture) : p.ToString(CultureInfo.InvariantCulture),
    };

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : double.IsPositiveInfinity(ms) ? "beyond the histogram" : $"{ms:0.#} ms";
}
