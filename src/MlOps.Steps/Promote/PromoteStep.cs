using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Registry;
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
        var separator = options.Reference.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(options.Reference[(separator + 1)..], out var number))
            throw new InvalidInputException($"invalid model version '{options.Reference}': expected NAME:VERSION, e.g. adult-income:3");
        var name = options.Reference[..separator];
        var registry = RegistryLocator.Open(config, options.RegistryPath);
        try
        {
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
}
