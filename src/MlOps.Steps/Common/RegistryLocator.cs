using MlOps.Core.Config;
using MlOps.Registry;

namespace MlOps.Steps.Common;

/// <summary>
/// Which registry a command uses: --registry DIR, else the one in mlops.yml, else .mlops/registry in the current
/// folder (the same default mlops.yml uses), so every verb finds the models the others registered.
/// </summary>
public static class RegistryLocator
{
    public static string PathFor(MlOpsConfig? config, string? explicitPath) =>
        explicitPath is not null ? Path.GetFullPath(explicitPath)
        : config?.Registry.Path ?? Path.GetFullPath(Path.Combine(".mlops", "registry"));

    /// <summary>registry.backend azureml opens Azure ML (credentials from the environment); --registry DIR always means a local folder.</summary>
    public static IModelRegistry Open(MlOpsConfig? config, string? explicitPath) =>
        explicitPath is null && config?.Registry.AzureMl is { } azureMl && config.Registry.Backend == "azureml"
            ? Registry.AzureMl.AzureMlModelRegistry.FromConfig(azureMl)
            : new LocalModelRegistry(PathFor(config, explicitPath));

    /// <summary>Where <see cref="Open"/> keeps the models, as a user reads it: the local folder, or the Azure ML workspace or registry.</summary>
    public static string Describe(MlOpsConfig? config, string? explicitPath) =>
        explicitPath is null && config?.Registry.AzureMl is { } azureMl && config.Registry.Backend == "azureml"
            ? azureMl.Target.Registry is { } shared ? $"Azure ML registry '{shared}'" : $"Azure ML workspace '{azureMl.Target.Workspace}'"
            : PathFor(config, explicitPath);
}
