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
}
