using System.Net.Http.Headers;
using System.Text.Json;

namespace MlOps.Azure.Identity;

/// <summary>
/// Fetches the GitHub Actions OIDC token (the job needs permissions: id-token: write) for Entra workload identity
/// federation; called by ClientAssertionCredential whenever it needs a fresh assertion, because the token expires in minutes.
/// </summary>
internal sealed class GitHubOidcToken(string requestUrl, string requestToken)
{
    private const string Audience = "api://AzureADTokenExchange";
    private static readonly HttpClient Http = new();

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        var separator = requestUrl.Contains('?') ? '&' : '?';
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{requestUrl}{separator}audience={Uri.EscapeDataString(Audience)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", requestToken);
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return doc.RootElement.GetProperty("value").GetString()
               ?? throw new InvalidOperationException("the GitHub OIDC token response has no value");
    }
}
