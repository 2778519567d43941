using Azure;
using Azure.Identity;
using MlOps.Core.Errors;

namespace MlOps.Azure;

/// <summary>
/// Maps Azure failures to the project's errors so the exit code says who must act: credentials and bad names are the
/// user's input (exit 2); a service that kept failing after retries is external (exit 3).
/// </summary>
public static class AzureErrorMapper
{
    public const string CheckCredentials =
        "check your service connection / credentials (Azure DevOps: the azureSubscription service connection and its role on the " +
        "workspace; GitHub: azure/login or AZURE_CLIENT_ID/AZURE_TENANT_ID with id-token: write; locally: az login or " +
        "AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET)";

    /// <summary>Returns the exception to throw for <paramref name="error"/>, naming what was being done.</summary>
    public static MlOpsException Map(Exception error, string doing) => error switch
    {
        MlOpsException known => known,
        RequestFailedException { Status: 401 } e =>
            new InvalidInputException($"401 from Azure ML while {doing}: the token was rejected; {CheckCredentials}. {Detail(e)}", e),
        RequestFailedException { Status: 403 } e =>
            new InvalidInputException($"403 from Azure ML while {doing}: the identity lacks permission (it needs e.g. the " +
                                      $"AzureML Data Scientist role on the workspace); {CheckCredentials}. {Detail(e)}", e),
        RequestFailedException { Status: 400 or 404 or 422 } e =>
            new InvalidInputException($"Azure ML refused {doing}: {Detail(e)}", e),
        RequestFailedException e =>
            new ExternalFailureException($"Azure ML failed while {doing} (after retries): {Detail(e)}", e),
        CredentialUnavailableException e =>
            new InvalidInputException($"no Azure credential is available while {doing}: {CheckCredentials}. {e.Message}", e),
        AuthenticationFailedException e =>
            new InvalidInputException($"Azure sign-in failed while {doing}: {CheckCredentials}. {SignInDetail(e)}", e),
        HttpRequestException e => new ExternalFailureException($"Azure ML could not be reached while {doing}: {e.Message}", e),
        _ => new ExternalFailureException($"Azure ML call failed while {doing}: {error.Message}", error),
    };

    /// <summary>
    /// What every ARM service answers alike, for a service's own map to fall back on after its special cases (quotas,
    /// images): a rejected token (401), a missing role (403; <paramref name="forbidden"/> completes "the identity of
    /// the Azure credential … " with what it may not do and the role that allows it), a refused request, one that kept
    /// failing after retries; anything else as <see cref="Map"/>.
    /// </summary>
    /// <param name="service">The service as users know it, e.g. "Azure Container Instances".</param>
    public static MlOpsException MapService(Exception error, string service, string doing, string credential, string forbidden) => error switch
    {
        MlOpsException known => known,
        RequestFailedException { Status: 401 } e => new InvalidInputException(
            $"401 from {service} while {doing}: the token of the Azure credential '{credential}' was rejected; {CheckCredentials}. {Detail(e)}", e),
        RequestFailedException { Status: 403 } e => new InvalidInputException(
            $"403 from {service} while {doing}: the identity of the Azure credential '{credential}' {forbidden}. {Detail(e)}", e),
        RequestFailedException { Status: 400 or 404 or 409 or 422 } e => new InvalidInputException($"{service} refused {doing}: {Detail(e)}", e),
        RequestFailedException e => new ExternalFailureException($"{service} failed while {doing} (after retries): {Detail(e)}", e),
        _ => Map(error, doing),
    };

    /// <summary>True when the error code or message mentions <paramref name="part"/> (any case), e.g. "Quota".</summary>
    public static bool Mentions(RequestFailedException e, string part) =>
        e.ErrorCode?.Contains(part, StringComparison.OrdinalIgnoreCase) == true || e.Message.Contains(part, StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs <paramref name="call"/> and maps any Azure failure; cancellation passes through untouched.</summary>
    public static async Task<T> GuardAsync<T>(string doing, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not MlOpsException && IsAzure(e))
        {
            throw Map(e, doing);
        }
    }

    /// <summary>
    /// Like <see cref="GuardAsync{T}(string, Func{Task{T}})"/> with a service's own <paramref name="map"/> (messages naming
    /// its roles and quotas); <see cref="Map"/> stays the fallback for what the service's map does not know.
    /// </summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call, Func<Exception, MlOpsException> map)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not MlOpsException && IsAzure(e))
        {
            throw map(e);
        }
    }

    private static bool IsAzure(Exception e) =>
        e is RequestFailedException or CredentialUnavailableException or AuthenticationFailedException or HttpRequestException;

    /// <summary>The first line of an Azure error (its code and message), without the request and response dump after it.</summary>
    public static string Detail(RequestFailedException e) => e.Message.Split('\n')[0];

    /// <summary>
    /// Azure.Identity's message says only which credential failed ("ClientSecretCredential authentication failed: "); the
    /// reason Entra ID gave (AADSTS7000215: Invalid client secret provided...) is in the inner MSAL exception.
    /// </summary>
    private static string SignInDetail(AuthenticationFailedException e)
    {
        var message = e.Message.Trim();
        var inner = e.InnerException?.Message.ReplaceLineEndings(" ").Trim();
        return string.IsNullOrEmpty(inner) || message.Contains(inner, StringComparison.Ordinal) ? message : $"{message} {inner}";
    }
}
