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
    public const string Service = "Azure ML";

    public static MlOpsException Map(Exception error, string doing, string environment, AzureMlEndpointSettings settings, string credential) => error switch
    {
        RequestFailedException { Status: not (401 or 403) } e when IsQuota(e) => new InvalidInputException(
            $"Azure ML quota reached for instance type {settings.InstanceType} in {settings.Location} while {doing}: {AzureErrorMapper.Detail(e)}. Lower " +
            $"deploy.{environment}.instance-count (now {settings.InstanceCount}; a blue/green deploy runs the old and the new deployment side by " +
            $"side, so it needs twice that for a moment), choose another deploy.{environment}.instance-type, delete endpoints you no longer use, " +
            "or request a quota increase (Azure ML studio → Quota → Endpoints).", e),
        ArmOperationFailedException e => new ExternalFailureException(AzureErrorMapper.Detail(e), e),
        _ => AzureErrorMapper.MapService(error, Service, doing, credential,
            $"may not manage online endpoints in workspace '{settings.Workspace}' (resource group '{settings.ResourceGroup}', subscription " +
            $"{settings.Subscription}); give it the AzureML Data Scientist role (or Microsoft.MachineLearningServices/workspaces/onlineEndpoints/*) " +
            "on that workspace"),
    };

    /// <summary>Runs <paramref name="call"/> and maps any Azure failure but cancellation.</summary>
    public static Task<T> GuardAsync<T>(Func<Task<T>> call, string doing, string environment, AzureMlEndpointSettings settings, string credential) =>
        AzureErrorMapper.GuardAsync(call, e => Map(e, doing, environment, settings, credential));

    /// <summary>Azure ML reports a full quota as QuotaExceeded / OutOfQuota and an unavailable VM size as SkuNotAvailable.</summary>
    private static bool IsQuota(RequestFailedException e) =>
        AzureErrorMapper.Mentions(e, "quota") || e.ErrorCode?.Contains("SkuNotAvailable", StringComparison.OrdinalIgnoreCase) == true;
}
