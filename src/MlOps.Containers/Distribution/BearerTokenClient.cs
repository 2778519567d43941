using System.Net.Http.Headers;
using System.Text.Json;
using MlOps.Core.Errors;

namespace MlOps.Containers.Distribution;

/// <summary>
/// Gets a bearer token for a challenge (distribution's token authentication). A user name and password go to the
/// realm as GET ?service=&amp;scope= with Basic auth; an Entra ID token goes through ACR's exchange, as its data-plane
/// examples show: POST /oauth2/exchange (grant_type=access_token) → refresh token, then POST /oauth2/token
/// (grant_type=refresh_token, scope) → access token. The refresh token is kept for the other scopes of the push.
/// </summary>
public sealed class BearerTokenClient(HttpClient http, RegistryCredential credential, string host)
{
    private string? _refreshToken;

    public async Task<string> GetAsync(AuthChallenge challenge, CancellationToken ct)
    {
        if (challenge.Realm is not { } realmText || !Uri.TryCreate(realmText, UriKind.Absolute, out var realm))
            throw new ExternalFailureException($"registry {host} asked for a bearer token without a usable realm ('{challenge.Realm}')");
        return credential.EntraToken is not null ? await ExchangeAsync(realm, challenge, ct) : await FromRealmAsync(realm, challenge, ct);
    }

    private async Task<string> FromRealmAsync(Uri realm, AuthChallenge challenge, CancellationToken ct)
    {
        var query = new List<string>();
        if (challenge.Service is { } service) query.Add("service=" + Uri.EscapeDataString(service));
        if (challenge.Scope is { } scope) query.Add("scope=" + Uri.EscapeDataString(scope));
        var separator = realm.Query.Length > 0 ? "&" : "?";
        using var request = new HttpRequestMessage(HttpMethod.Get, realm + (query.Count > 0 ? separator + string.Join('&', query) : ""));
        if (credential.Username is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.BasicParameter());
        using var response = await SendAsync(request, "getting a token", ct);
        return await TokenAsync(response, ["token", "access_token"], ct);
    }

    private async Task<string> ExchangeAsync(Uri realm, AuthChallenge challenge, CancellationToken ct)
    {
        var service = challenge.Service ?? realm.Host;
        if (_refreshToken is null)
        {
            var entra = await credential.EntraToken!(ct);
            using var exchange = new HttpRequestMessage(HttpMethod.Post, new Uri(realm, "/oauth2/exchange"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "access_token", ["service"] = service, ["access_token"] = entra,
                }),
            };
            using var exchanged = await SendAsync(exchange, "exchanging the Entra ID token for an ACR refresh token", ct);
            _refreshToken = await TokenAsync(exchanged, ["refresh_token"], ct);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(realm, "/oauth2/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["service"] = service, ["scope"] = challenge.Scope ?? "", ["refresh_token"] = _refreshToken,
            }),
        };
        using var response = await SendAsync(request, "getting an ACR access token", ct);
        return await TokenAsync(response, ["access_token"], ct);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string doing, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw RegistryErrors.Unreachable(e, request.RequestUri!.Authority, doing);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await RegistryErrors.FromResponseAsync(response, host, credential, doing, ct);
    }

    private async Task<string> TokenAsync(HttpResponseMessage response, string[] names, CancellationToken ct)
    {
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            foreach (var name in names)
                if (doc.RootElement.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } token) return token;
        }
        catch (JsonException)
        {
        }
        throw new ExternalFailureException($"registry {host}: the token endpoint {response.RequestMessage?.RequestUri?.AbsolutePath} answered without {string.Join(" or ", names)}");
    }
}
