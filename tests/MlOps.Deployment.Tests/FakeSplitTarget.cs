using MlOps.Core.Errors;
using MlOps.Deployment.Rollout;

namespace MlOps.Deployment.Tests;

/// <summary>A traffic-split target whose candidate is a loopback stand-in; it records every call the rollout makes.</summary>
/// <param name="serverRoutes">False: like Azure ML, the variants are reachable on /score only.</param>
internal sealed class FakeSplitTarget(StandInServer live, StandInServer? candidate, bool serverRoutes = true) : ITrafficSplitTarget
{
    private bool _hasCandidate;

    public List<string> Calls { get; } = [];

    public string Kind => "fake";

    public bool NeedsImage => false;

    private static DeploymentState State(StandInServer server) =>
        new("test", "fake", server.Url, server.Name, 0, "", DateTimeOffset.UtcNow);

    public Task<DeploymentState> StartCandidateAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        Calls.Add("start");
        if (candidate is null) throw new ExternalFailureException("the scoring server was not ready within 5 s");
        _hasCandidate = true;
        return Task.FromResult(State(candidate));
    }

    public Task SetTrafficAsync(string environment, TrafficSplit split, CancellationToken cancellationToken = default)
    {
        Calls.Add($"traffic {split.CandidatePercent}" + (split.MirrorPercent > 0 ? $" mirror {split.MirrorPercent}" : ""));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VariantEndpoint>> VariantsAsync(string environment, CancellationToken cancellationToken = default)
    {
        var variants = new List<VariantEndpoint> { new("live", live.Name, new Uri(live.Url), new Dictionary<string, string>()) };
        if (_hasCandidate)
            variants.Add(new("candidate", candidate!.Name, new Uri(candidate.Url), new Dictionary<string, string>()) { ServerRoutes = serverRoutes });
        return Task.FromResult<IReadOnlyList<VariantEndpoint>>(variants);
    }

    public Task<DeploymentState> PromoteCandidateAsync(string environment, CancellationToken cancellationToken = default)
    {
        Calls.Add("promote");
        _hasCandidate = false;
        return Task.FromResult(State(candidate!));
    }

    public Task<DeploymentState?> RollbackCandidateAsync(string environment, CancellationToken cancellationToken = default)
    {
        Calls.Add("rollback");
        var had = _hasCandidate;
        _hasCandidate = false;
        return Task.FromResult(had ? State(candidate!) : null);
    }

    public Task<DeploymentState> DeployAsync(DeploymentRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<DeploymentStatus?> StatusAsync(string environment, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<string> LogsAsync(string environment, int tail = 50, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<DeploymentState?> StopAsync(string environment, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
