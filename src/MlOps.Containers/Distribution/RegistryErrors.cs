using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MlOps.Core.Errors;

namespace MlOps.Containers.Distribution;

/// <summary>
/// Turns what a registry answered into the error a user can act on: refused credentials and unknown hosts are input
/// to fix (exit 2, naming the credential's source, never its value); a registry that keeps failing or rejects what
/// it is sent is an external failure (exit 3), with the registry's own error code and message.
/// </summary>
public static class RegistryErrors
{
    public static async Task<MlOpsException> FromResponseAsync(HttpResponseMessage response, string host, RegistryCredential credential, string doing, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var detail = await DetailAsync(response, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized when credential.IsAnonymous => new InvalidInputException(
                $"registry {host} requires sign-in ({status} while {doing}): set MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD"
                + (IsAzure(host) ? ", or sign in with an Azure identity (az login, AZURE_CLIENT_ID/AZURE_TENANT_ID/...)" : "") + detail),
            HttpStatusCode.Unauthorized => new InvalidInputException(
                $"registry {host} refused the credentials from {credential.Source} ({status} while {doing}): check them{detail}"),
            HttpStatusCode.Forbidden => new InvalidInputException(
                $"registry {host} denied {doing} to the identity from {credential.Source} (403): it needs push permission on the repository (e.g. AcrPush on ACR){detail}"),
            _ => new ExternalFailureException($"registry {host} answered {status} {response.ReasonPhrase} while {doing}{detail}"),
        };
    }

    /// <summary>A request that never got an answer, after retries: a name that does not resolve is a typo to fix (exit 2).</summary>
    public static MlOpsException Unreachable(HttpRequestException e, string host, string doing) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } || e.HttpRequestError == HttpRequestError.NameResolutionError
            ? new InvalidInputException($"unknown registry host '{host}': the name does not resolve; check the registry in --push or package.registry of mlops.yml", e)
            : new ExternalFailureException($"registry {host} could not be reached while {doing} (after retries): {e.Message}", e);

    public static ExternalFailureException DigestMismatch(string host, string what, string expected, string? reported) =>
        new($"registry {host} reports {what} as {reported ?? "(no Docker-Content-Digest)"} but mlops sent {expected}: the content was changed on the way; nothing was tagged");

    public static bool IsAzure(string host) => host.Split(':')[0].EndsWith(".azurecr.io", StringComparison.OrdinalIgnoreCase);

    /// <summary>": CODE: message" from the registry's {"errors": [...]} body, or nothing when it sent none.</summary>
    public static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (string.IsNullOrWhiteSpace(text)) return "";
            using var doc = JsonDocument.Parse(text);
            if (!doc.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array) return "";
            var parts = errors.EnumerateArray().Select(e =>
                $"{(e.TryGetProperty("code", out var c) ? c.GetString() : "?")}: {(e.TryGetProperty("message", out var m) ? m.GetString() : "")}"
                + (e.TryGetProperty("detail", out var d) && d.ValueKind != JsonValueKind.Null ? $" ({Truncate(d.ToString())})" : ""));
            return ": " + string.Join("; ", parts);
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
