using Azure;
using MlOps.Azure;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Deployment.AzureMlEndpoint;

/// <summary>
/// Turns ARM failures of online endpoint calls into messages that say what to fix: the credential (401), the role on
/// the workspace (403), the quota of the instance type; a service that kept failing is exit 3.
/// </summary>
public static class AzureMlEndpointErrors
{
    public static MlOpsException Map(Exception error, string doing, string environment, AzureMlEndpointSettings settings, string credential) => error switch
    {
        MlOpsException known => known,
        RequestFailedException { Status: 401 } e => new InvalidInputException(
            $"401 from Azure ML while {doing}: the token of the Azure credential '{credential}' was rejected; {AzureErrorMapper.CheckCredentials}. {Detail(e)}", e),
        RequestFailedException { Status: 403 } e => new InvalidInputException(
            $"403 from Azure ML while {doing}: the identity of the Azure credential '{credential}' may not manage online endpoints in workspace " +
            $"'{settings.Workspace}' (resource group '{settings.ResourceGroup}', subscription {settings.Subscription}); give it the AzureML Data " +
            $"Scientist role (or Microsoft.MachineLearningServices/workspaces/onlineEndpoints/*) on that workspace. {Detail(e)}", e),
        RequestFailedException e when IsQuota(e) => new InvalidInputException(
            $"Azure ML quota reached for instance type {settings.InstanceType} in {settings.Location} while {doing}: {Detail(e)}. Lower " +
            $"deploy.{environment}.instance-count (now {settings.InstanceCount}; a blue/green deploy runs the old and the new deployment side by " +
            $"side, so it needs twice that for a moment), choose another deploy.{environment}.instance-type, delete endpoints you no longer use, " +
            "or request a quota increase (Azure ML studio → Quota → Endpoints).", e),
        ArmOperationFailedException e => new ExternalFailureException($"{Detail(e)}", e),
        RequestFailedException { Status: 400 or 404 or 409 or 422 } e => new InvalidInputException($"Azure ML refused {doing}: {Detail(e)}", e),
        RequestFailedException e => new ExternalFailureException($"Azure ML failed while {doing} (after retries): {Detail(e)}", e),
        _ => AzureErrorMapper.Map(error, doing),
    };

    /// <summary>Runs <paramref name="call"/> and maps any Azure failure but cancellation.</summary>
    public static Task<T> GuardAsync<T>(Func<Task<T>> call, string doing, string environment, AzureMlEndpointSettings settings, string credential) =>
        AzureErrorMapper.GuardAsync(call, e => Map(e, doing, environment, settings, credential));

    /// <summary>Azure ML reports a full quota as QuotaExceeded / OutOfQuota and an unavailable VM size as SkuNotAvailable.</summary>
    private static bool IsQuota(RequestFailedException e) =>
        Contains(e.ErrorCode, "Quota") || Contains(e.ErrorCode, "SkuNotAvailable") || Contains(e.Message, "quota");

    private static bool Contains(string? text, string part) => text?.Contains(part, StringComparison.OrdinalIgnoreCase) == true;

    private static string Detail(RequestFailedException e) => e.Message.Split('\n')[0];
}
