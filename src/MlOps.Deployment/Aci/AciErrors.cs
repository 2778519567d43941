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
        MlOpsException known => known,
        RequestFailedException { Status: 401 } e => new InvalidInputException(
            $"401 from {Service} while {doing}: the token of the Azure credential '{credential}' was rejected; {AzureErrorMapper.CheckCredentials}. {Detail(e)}", e),
        RequestFailedException { Status: 403 } e => new InvalidInputException(
            $"403 from {Service} while {doing}: the identity of the Azure credential '{credential}' may not manage container groups in " +
            $"resource group '{settings.ResourceGroup}' (subscription {settings.Subscription}); give it the Contributor role (or " +
            $"Microsoft.ContainerInstance/containerGroups/*) on that resource group. {Detail(e)}", e),
        RequestFailedException e when Contains(e.ErrorCode, "Quota") || Contains(e.Message, "quota") => new InvalidInputException(
            $"{Service} quota reached in {settings.Location} while {doing}: {Detail(e)}. Lower deploy.{environment}.cpu / memory-gb " +
            $"(now {settings.Cpu} CPU, {settings.MemoryGb} GB), delete container groups you no longer use, choose another location, or " +
            "request a quota increase (Azure portal → Quotas → Container Instances).", e),
        RequestFailedException e when e.ErrorCode is "InaccessibleImage" or "RegistryErrorResponse" => new InvalidInputException(
            $"{Service} cannot pull the image while {doing}: {Detail(e)}. Check the image name and deploy.{environment}.registry " +
            (settings.Registry is null ? "(none is set: add server with username-env + password-env, or identity, for a private registry)"
                : settings.Registry.Identity is not null ? $"(identity {settings.Registry.Identity} needs AcrPull on {settings.Registry.Server})"
                : $"(the user name and password in {settings.Registry.UsernameEnv} and {settings.Registry.PasswordEnv} for {settings.Registry.Server})"), e),
        RequestFailedException { Status: 400 or 404 or 409 or 422 } e => new InvalidInputException($"{Service} refused {doing}: {Detail(e)}", e),
        RequestFailedException e => new ExternalFailureException($"{Service} failed while {doing} (after retries): {Detail(e)}", e),
        _ => AzureErrorMapper.Map(error, doing),
    };

    /// <summary>Runs <paramref name="call"/> and maps any failure but cancellation.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call, string doing, string environment, AciSettings settings, string credential)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not MlOpsException
                                  && e is RequestFailedException or HttpRequestException
                                     or global::Azure.Identity.CredentialUnavailableException or global::Azure.Identity.AuthenticationFailedException)
        {
            throw Map(e, doing, environment, settings, credential);
        }
    }

    private static bool Contains(string? text, string part) => text?.Contains(part, StringComparison.OrdinalIgnoreCase) == true;

    private static string Detail(RequestFailedException e) => e.Message.Split('\n')[0];
}
