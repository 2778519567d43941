using MlOps.CiHosts;
using MlOps.Deployment;
using MlOps.Deployment.Rollout;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Steps.Common;

namespace MlOps.Steps.Audit;

/// <summary>
/// Records deployments: "deployed", or "rolled-back" when the environment last got a newer version of the model,
/// and "undeployed" on stop. Each carries the gate decision the version passed (or that none was found).
/// </summary>
public sealed class DeployAuditRecorder(StepContext context)
{
    /// <param name="rollout">How the version took over ("canary" after the steps passed); null for a direct deployment.</param>
    public async Task DeployedAsync(IModelRegistry registry, string model, ResolvedModel resolved, DeploymentState state, string target, CancellationToken ct,
        string? rollout = null)
    {
        var who = AuditIdentity.From(context.Host);
        var trail = AuditIdentity.TrailOf(registry, who);
        if (trail is null) return;
        var version = AuditIdentity.VersionOf(resolved.RegistryVersion);
        var history = trail.Read();
        var previous = history.Lines.LastOrDefault(l => l.Event.Model == model && l.Event.Environment == state.Environment
            && l.Event.Event is AuditEventKinds.Deployed or AuditEventKinds.RolledBack)?.Event.Version;
        var kind = version is { } v && previous is { } p && v < p ? AuditEventKinds.RolledBack : AuditEventKinds.Deployed;
        var gate = GateEvidence.Find(history, model, version, resolved.Sha256);
        await AppendAsync(AuditIdentity.TrailOf(registry, GateEvidence.Why(who, gate))!, new AuditEvent(kind, model, version)
        {
            Environment = state.Environment,
            Previous = previous,
            Details = new Dictionary<string, string>
            {
                ["url"] = state.Url,
                ["target"] = target,
                ["model.sha256"] = resolved.Sha256,
                ["reference"] = resolved.RegistryVersion ?? resolved.Reference,
            }.WithCloud(state).WithRollout(rollout),
        }, ct);
    }

    /// <summary>
    /// A canary step's verdict (canary-step, for the candidate's version) or a canary's rollback (rolled-back, for
    /// the version the environment runs again, naming the candidate). The promotion is the "deployed" that follows.
    /// </summary>
    /// <param name="strategy">canary (steps of traffic), or the target's own update (aks: a rolling update it rolled back).</param>
    public async Task RolloutAsync(IModelRegistry registry, string model, RolloutEvent rollout, string? liveReference, CancellationToken ct,
        string strategy = "canary")
    {
        if (rollout.Kind == RolloutEventKind.Promoted) return;
        var trail = AuditIdentity.TrailOf(registry, AuditIdentity.From(context.Host));
        if (trail is null) return;
        var details = new Dictionary<string, string>(rollout.Measured)
        {
            ["percent"] = rollout.Percent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["candidate"] = rollout.Candidate,
            ["rollout"] = strategy,
        };
        var e = rollout.Kind == RolloutEventKind.RolledBack
            ? new AuditEvent(AuditEventKinds.RolledBack, model, AuditIdentity.VersionOf(liveReference)) { Previous = AuditIdentity.VersionOf(rollout.Candidate) }
            : new AuditEvent(AuditEventKinds.CanaryStep, model, AuditIdentity.VersionOf(rollout.Candidate));
        details["verdict"] = rollout.Kind switch { RolloutEventKind.StepPassed => "passed", RolloutEventKind.StepFailed => "failed", _ => "rolled-back" };
        await AppendAsync(trail, e with { Environment = rollout.Environment, Reason = rollout.Detail, Details = details }, ct);
    }

    public async Task UndeployedAsync(IModelRegistry registry, string model, DeploymentState stopped, CancellationToken ct)
    {
        var trail = AuditIdentity.TrailOf(registry, AuditIdentity.From(context.Host));
        if (trail is null) return;
        await AppendAsync(trail, new AuditEvent(AuditEventKinds.Undeployed, model, AuditIdentity.VersionOf(stopped.ModelReference))
        {
            Environment = stopped.Environment,
            Details = new Dictionary<string, string> { ["url"] = stopped.Url }.WithCloud(stopped),
        }, ct);
    }

    private async Task AppendAsync(AuditTrail trail, AuditEvent e, CancellationToken ct)
    {
        try
        {
            await trail.AppendAsync(e, ct);
        }
        // The deployment happened; a trail that cannot be written must not make the pipeline believe it did not.
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or RegistryException)
        {
            context.Host.LogIssue(IssueSeverity.Warning, $"the deployment was not added to the audit trail {trail.LogPath}: {failure.Message}");
        }
    }
}
