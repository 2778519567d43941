namespace MlOps.Core.Config;

/// <summary>
/// How a new version replaces the live one in an environment whose target can split traffic (deploy.ENV.rollout).
/// <c>all-at-once</c> (the default) is blue/green: ready, then 100%. <c>canary</c> walks <see cref="Steps"/>,
/// waiting <see cref="Interval"/> and checking <see cref="Analysis"/> at each, and rolls back on the first failure.
/// </summary>
/// <param name="Steps">Candidate percentages, increasing, the last 100.</param>
/// <param name="ReadyTimeout">How long a new version may take to answer /health/ready before the rollout gives up on it.</param>
public sealed record RolloutSettings(string Strategy, IReadOnlyList<int> Steps, TimeSpan Interval, CanaryAnalysis Analysis, TimeSpan ReadyTimeout)
{
    public const string AllAtOnce = "all-at-once";
    public const string Canary = "canary";

    public static readonly RolloutSettings Default =
        new(AllAtOnce, [100], TimeSpan.Zero, new CanaryAnalysis(), TimeSpan.FromSeconds(90));

    public bool IsCanary => Strategy == Canary;

    /// <summary>
    /// Percent of live traffic copied to the candidate (its answers discarded) for one interval before the first step, and
    /// judged like a step: a shadow phase in which no client gets a candidate's answer. 0 = no shadow phase.
    /// </summary>
    public int Mirror { get; init; }
}

/// <summary>What the candidate must meet at each step, over the requests it answered during that step.</summary>
/// <param name="MaxErrorRate">Largest share of 5xx answers, 0-1; also how far the share of 4xx answers may exceed the live version's.</param>
/// <param name="MaxP99Milliseconds">Largest 99th-percentile latency (from the server's histogram buckets).</param>
/// <param name="MinRequests">Fewer requests than this in a step say nothing about the candidate: the step fails as unproven.</param>
public sealed record CanaryAnalysis(double MaxErrorRate = 0.01, double MaxP99Milliseconds = 500, int MinRequests = 20);
