using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Registry;
using MlOps.Steps.Audit;
using MlOps.Steps.Common;

namespace MlOps.Steps.Retire;

/// <param name="Reference">NAME@ALIAS to remove (demote) or NAME:VERSION to archive.</param>
public sealed record RetireOptions(string Reference, string? ConfigPath = null, string? RegistryPath = null);

/// <summary>
/// The way back from a promotion: demote removes an alias (nothing is served as NAME@ALIAS any more), archive retires a
/// version for good (still resolvable for what runs it, never promotable again). Both are audit events.
/// </summary>
public sealed class RetireStep(StepContext context)
{
    public async Task<ModelVersion?> DemoteAsync(RetireOptions options, CancellationToken ct = default)
    {
        var (name, alias) = VersionReference.ParseAlias(options.Reference);
        var registry = Open(options);
        try
        {
            var current = await registry.GetByAliasAsync(name, alias, ct);
            await registry.RemoveAliasAsync(name, alias, ct);
            context.Host.SetOutput("demoted", current.Reference);
            context.Say($"removed {name}@{alias} (it pointed at {current.Reference})");
            return current;
        }
        catch (RegistryException e)
        {
            throw new InvalidInputException(e.Message, e);
        }
    }

    public async Task<ModelVersion> ArchiveAsync(RetireOptions options, CancellationToken ct = default)
    {
        var (name, number) = VersionReference.ParseVersion(options.Reference);
        var registry = Open(options);
        try
        {
            var version = await registry.ArchiveAsync(name, number, ct);
            context.Host.SetOutput("archived", version.Reference);
            context.Say($"archived {version.Reference}: it still resolves, and can no longer be promoted");
            return version;
        }
        catch (RegistryException e)
        {
            throw new InvalidInputException(e.Message, e);
        }
    }

    private IModelRegistry Open(RetireOptions options)
    {
        var config = options.ConfigPath is not null ? ConfigLoader.Load(options.ConfigPath) : null;
        return AuditIdentity.Stamp(RegistryLocator.Open(config, options.RegistryPath), AuditIdentity.From(context.Host));
    }
}
