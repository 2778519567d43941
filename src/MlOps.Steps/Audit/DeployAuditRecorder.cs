using MlOps.CiHosts;
using MlOps.Deployment;
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
    public async Task DeployedAsync(IModelRegistry registry, string model, ResolvedModel resolved, DeploymentState state, string target, CancellationToken ct)
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
            }.WithCloud(state),
        }, ct);
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
