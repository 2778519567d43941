using System.Net;
using System.Text.Json.Nodes;
using k8s.Autorest;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Aks;

/// <summary>
/// Turns Kubernetes API failures into messages that say what to fix: the credential that was rejected (401), the
/// verb and resource it may not use in the namespace (403), a missing namespace, an object the API server refused.
/// </summary>
/// <param name="credential">Who mlops is to the cluster: "kubeconfig user 'ci' (context 'prod' in /path)" or the Azure identity.</param>
public sealed class AksErrors(AksSettings settings, string environment, string credential)
{
    /// <summary>Runs <paramref name="call"/>, a <paramref name="verb"/> on <paramref name="resource"/> (e.g. create, deployments.apps).</summary>
    public async Task<T> GuardAsync<T>(string verb, string resource, string name, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or global::Azure.Identity.AuthenticationFailedException
                                      or global::Azure.Identity.CredentialUnavailableException
                                  || (e is TaskCanceledException && e.InnerException is TimeoutException))
        {
            throw Map(e, verb, resource, name);
        }
    }

    public Task GuardAsync(string verb, string resource, string name, Func<Task> call) =>
        GuardAsync(verb, resource, name, async () => { await call().ConfigureAwait(false); return true; });

    /// <summary>Null for 404, the object otherwise.</summary>
    public async Task<T?> GetOrNullAsync<T>(string resource, string name, Func<Task<T>> call) where T : class
    {
        try
        {
            return await GuardAsync("get", resource, name, call).ConfigureAwait(false);
        }
        catch (MlOpsException e) when (e.InnerException is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound })
        {
            return null;
        }
    }

    public MlOpsException Map(Exception error, string verb, string resource, string name)
    {
        var doing = $"{verb} {resource} '{name}' in namespace '{settings.Namespace}'";
        return error switch
        {
            // Credentials and permissions are the user's to fix, exit 2, as for the Azure targets.
            HttpOperationException { Response.StatusCode: HttpStatusCode.Unauthorized } e => new InvalidInputException(
                $"401 from the Kubernetes API while trying to {doing}: the cluster rejected the credentials of {credential}. " +
                (settings.Credentials.UsesAzureIdentity
                    ? $"Check that the identity can get a token for {AksCredentials.AadScope} and that the cluster uses Microsoft Entra ID integration."
                    : "Its token or client certificate is wrong or expired: refresh the kubeconfig (az aks get-credentials, or your cluster's equivalent).")
                + Detail(e), e),
            HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden } e => new InvalidInputException(
                $"403 from the Kubernetes API: {credential} may not {verb} {resource} in namespace '{settings.Namespace}'. Bind it to a Role in " +
                $"'{settings.Namespace}' that allows get, list, create, update and delete on deployments, services, horizontalpodautoscalers, " +
                "poddisruptionbudgets and secrets, get and list on replicasets and pods, get on pods/log and services/proxy" +
                (settings.Credentials.UsesAzureIdentity ? " (AKS with Azure RBAC: the 'Azure Kubernetes Service RBAC Writer' role on the namespace)." : ".")
                + Detail(e), e),
            HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound } e when Reason(e)?.Contains("namespaces", StringComparison.Ordinal) == true =>
                new InvalidInputException($"namespace '{settings.Namespace}' does not exist (deploy.{environment}.namespace): create it " +
                                          $"(kubectl create namespace {settings.Namespace}) or name another one.{Detail(e)}", e),
            HttpOperationException { Response.StatusCode: HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest } e =>
                new InvalidInputException($"the Kubernetes API refused to {doing}; check deploy.{environment} in mlops.yml.{Detail(e)}", e),
            HttpOperationException { Response.StatusCode: HttpStatusCode.Conflict } e => new ExternalFailureException(
                $"{resource} '{name}' was changed by someone else while mlops tried to {verb} it; run the deploy again.{Detail(e)}", e),
            HttpOperationException e => new ExternalFailureException(
                $"the Kubernetes API answered {(int)e.Response.StatusCode} while mlops tried to {doing}.{Detail(e)}", e),
            global::Azure.Identity.AuthenticationFailedException or global::Azure.Identity.CredentialUnavailableException => new ExternalFailureException(
                $"no token for the AKS API server ({AksCredentials.AadScope}) from {credential}: {error.Message.Split('\n')[0]}", error),
            _ => new ExternalFailureException($"the Kubernetes API server {Server} did not answer while mlops tried to {doing}: {error.Message}", error),
        };
    }

    private string Server => settings.Credentials.Server ?? "(from the kubeconfig)";

    /// <summary>The Status object's message, which names the user, verb and resource as the API server saw them.</summary>
    private static string? Reason(HttpOperationException e)
    {
        try
        {
            return JsonNode.Parse(e.Response.Content ?? "")?["message"]?.GetValue<string>();
        }
        catch (Exception parse) when (parse is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Detail(HttpOperationException e) => Reason(e) is { Length: > 0 } reason ? $" (API server: {reason})" : "";
}
