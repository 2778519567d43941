using MlOps.CiHosts;
using MlOps.Registry;
using MlOps.Registry.Audit;

namespace MlOps.Steps.Audit;

/// <summary>Turns the CI host's run information into the "who" of audit events, and hands it to the registry.</summary>
public static class AuditIdentity
{
    public static AuditContext From(ICiHost host)
    {
        var run = host.Run;
        return new AuditContext(run.RequestedBy, run.Host, run.RunUrl);
    }

    /// <summary>The registry recording its changes as <paramref name="audit"/>; registries without a trail are returned as they are.</summary>
    public static IModelRegistry Stamp(IModelRegistry registry, AuditContext audit) =>
        registry is LocalModelRegistry local ? local.WithAudit(audit) : registry;

    /// <summary>The registry's trail, or null for a registry that keeps none.</summary>
    public static AuditTrail? TrailOf(IModelRegistry registry, AuditContext audit) =>
        registry is LocalModelRegistry local ? local.WithAudit(audit).Audit : null;

    /// <summary>"adult-income:3" → 3; null for a path or an alias reference.</summary>
    public static int? VersionOf(string? registryReference) =>
        registryReference is not null && registryReference.LastIndexOf(':') is var colon and > 0
        && int.TryParse(registryReference[(colon + 1)..], out var version) ? version : null;
}
