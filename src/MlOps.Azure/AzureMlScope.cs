using MlOps.Core.Errors;

namespace MlOps.Azure;

/// <summary>
/// Which Azure ML container the calls go to: a workspace, or a shared registry (models only). Produces the ARM path
/// prefix every operation starts with.
/// </summary>
public sealed record AzureMlScope(string SubscriptionId, string ResourceGroup, string? Workspace, string? Registry)
{
    public bool IsRegistry => Registry is not null;

    /// <summary>/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/{workspaces|registries}/{name}</summary>
    public string ResourcePath =>
        $"/subscriptions/{Escape(SubscriptionId)}/resourceGroups/{Escape(ResourceGroup)}/providers/Microsoft.MachineLearningServices/"
        + (IsRegistry ? $"registries/{Escape(Registry!)}" : $"workspaces/{Escape(Workspace!)}");

    public static AzureMlScope ForWorkspace(string subscriptionId, string resourceGroup, string workspace) =>
        Check(new AzureMlScope(subscriptionId, resourceGroup, workspace, null));

    public static AzureMlScope ForRegistry(string subscriptionId, string resourceGroup, string registry) =>
        Check(new AzureMlScope(subscriptionId, resourceGroup, null, registry));

    /// <summary>The workspace this scope names; registries hold models only, so other calls need a workspace.</summary>
    public string RequireWorkspace(string operation) => Workspace
        ?? throw new InvalidInputException($"{operation} needs an Azure ML workspace; '{Registry}' is a registry (it holds models only)");

    internal static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static AzureMlScope Check(AzureMlScope scope)
    {
        foreach (var (value, what) in new[] { (scope.SubscriptionId, "subscription"), (scope.ResourceGroup, "resource-group"),
                     (scope.Workspace ?? scope.Registry ?? "", "workspace or registry") })
            if (string.IsNullOrWhiteSpace(value)) throw new InvalidInputException($"Azure ML {what} is not set");
        return scope;
    }
}
