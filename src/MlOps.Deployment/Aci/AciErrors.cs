using Azure;
using MlOps.Azure;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Aci;

/// <summary>
/// Turns ARM failures of container group calls into messages that say what to fix: the credential (401), the role on
/// the resource group (403), the quota or the image credentials; a service that kept failing is exit 3.
/// </summary>
public static class AciErrors
{
    public const string Service = "Azure Container Instances";

    public static MlOpsException Map(Exception error, string doing, string environment, AciSettings settings, string credential) => error switch
    {
        RequestFailedException { Status: not (401 or 403) } e when AzureErrorMapper.Mentions(e, "quota") => new InvalidInputException(
            $"{Service} quota reached in {settings.Location} while {doing}: {AzureErrorMapper.Detail(e)}. Lower deploy.{environment}.cpu / memory-gb " +
            $"(now {settings.Cpu} CPU, {settings.MemoryGb} GB), delete container groups you no longer use, choose another location, or " +
            "request a quota increase (Azure portal → Quotas → Container Instances).", e),
        RequestFailedException { Status: not (401 or 403), ErrorCode: "InaccessibleImage" or "RegistryErrorResponse" } e => new InvalidInputException(
            $"{Service} cannot pull the image while {doing}: {AzureErrorMapper.Detail(e)}. Check the image name and deploy.{environment}.registry " +
            (settings.Registry is null ? "(none is set: add server with username-env + password-env, or identity, for a private registry)"
                : settings.Registry.Identity is not null ? $"(identity {settings.Registry.Identity} needs AcrPull on {settings.Registry.Server})"
                : $"(the user name and password in {settings.Registry.UsernameEnv} and {settings.Registry.PasswordEnv} for {settings.Registry.Server})"), e),
        _ => AzureErrorMapper.MapService(error, Service, doing, credential,
            $"may not manage container groups in resource group '{settings.ResourceGroup}' (subscription {settings.Subscription}); give it the " +
            "Contributor role (or Microsoft.ContainerInstance/containerGroups/*) on that resource group"),
    };

    /// <summary>Runs <paramref name="call"/> and maps any failure but cancellation.</summary>
    public static Task<T> GuardAsync<T>(Func<Task<T>> call, string doing, string environment, AciSettings settings, string credential) =>
        AzureErrorMapper.GuardAsync(call, e => Map(e, doing, environment, settings, credential));
}
