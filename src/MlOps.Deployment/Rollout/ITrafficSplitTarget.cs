namespace MlOps.Deployment.Rollout;

/// <summary>
/// A target that can run a candidate version beside the live one and move traffic between them (the local target's
/// router, Azure ML online endpoints). Canary rollouts and online A/B comparisons drive it; the live version keeps
/// serving until <see cref="PromoteCandidateAsync"/>, and again after <see cref="RollbackCandidateAsync"/>.
/// </summary>
public interface ITrafficSplitTarget : IDeploymentTarget
{
    /// <summary>Starts the request's model as the candidate beside the live version, at 0% of traffic; returns once it is ready.</summary>
    Task<DeploymentState> StartCandidateAsync(DeploymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>Routes <see cref="TrafficSplit.CandidatePercent"/> of live traffic to the candidate and mirrors <see cref="TrafficSplit.MirrorPercent"/>.</summary>
    Task SetTrafficAsync(string environment, TrafficSplit split, CancellationToken cancellationToken = default);

    /// <summary>The live version and the candidate (when there is one), each reachable on its own for metrics and smoke tests.</summary>
    Task<IReadOnlyList<VariantEndpoint>> VariantsAsync(string environment, CancellationToken cancellationToken = default);

    /// <summary>Makes the candidate the only version at 100% and removes the old one.</summary>
    Task<DeploymentState> PromoteCandidateAsync(string environment, CancellationToken cancellationToken = default);

    /// <summary>Removes the candidate; the live version takes 100% again. Returns what was removed, or null when there was no candidate.</summary>
    Task<DeploymentState?> RollbackCandidateAsync(string environment, CancellationToken cancellationToken = default);
}

/// <param name="CandidatePercent">Share of live requests answered by the candidate, 0–100.</param>
/// <param name="MirrorPercent">Share of live requests also copied to the candidate, whose answers are discarded, 0–100.</param>
public sealed record TrafficSplit(int CandidatePercent, int MirrorPercent = 0);

/// <summary>One version behind an environment: where to reach it directly and the headers that route to it.</summary>
/// <param name="Role">"live" or "candidate".</param>
public sealed record VariantEndpoint(string Role, string ModelReference, Uri BaseUrl, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>
    /// False when only /score is reachable (Azure ML routes nothing else to the container): a rollout cannot read the
    /// variant's /metrics or /health/ready, and measures it with probe requests instead.
    /// </summary>
    public bool ServerRoutes { get; init; } = true;
}
