using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Registry;
using MlOps.Steps.Audit;
using MlOps.Steps.Common;

namespace MlOps.Steps.Promote;

/// <param name="ExpectedCurrentVersion">Refuse (exit 2) if the alias has moved since: optimistic concurrency for pipelines.</param>
public sealed record PromoteOptions(string Reference, string Alias, string? ConfigPath = null, string? RegistryPath = null,
    int? ExpectedCurrentVersion = null);

/// <summary>Points an alias (production, staging...) at a registered version.</summary>
public sealed class PromoteStep(StepContext context)
{
    public async Task<ModelVersion> RunAsync(PromoteOptions options, CancellationToken ct = default)
    {
        var config = options.ConfigPath is not null ? ConfigLoader.Load(options.ConfigPath) : null;
        var (name, number) = VersionReference.ParseVersion(options.Reference);
        var registry = RegistryLocator.Open(config, options.RegistryPath);
        try
        {
            registry = await WithGateEvidenceAsync(registry, name, number, ct);
            var previous = await registry.TryGetByAliasAsync(name, options.Alias, ct);
            var version = await registry.SetAliasAsync(name, number, options.Alias, options.ExpectedCurrentVersion, ct);
            context.Host.SetOutput("promoted", version.Reference);
            context.Say(previous is null
                ? $"promoted {version.Reference} to {name}@{options.Alias}"
                : $"promoted {version.Reference} to {name}@{options.Alias} (was {previous.Reference})");
            return version;
        }
        catch (RegistryException e)
        {
            throw new InvalidInputException(e.Message, e);
        }
    }

    /// <summary>The audit event of a promotion names who did it and the gate decision the version passed (or that there was none).</summary>
    private async Task<IModelRegistry> WithGateEvidenceAsync(IModelRegistry registry, string name, int number, CancellationToken ct)
    {
        if (registry is not LocalModelRegistry local) return registry;
        var version = await registry.GetAsync(name, number, ct);
        var gate = GateEvidence.Find(local.Audit.Read(), name, number, version.Properties.GetValueOrDefault("model.sha256"));
        return local.WithAudit(GateEvidence.Why(AuditIdentity.From(context.Host), gate));
    }
}
