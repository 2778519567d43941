using System.Net;
using System.Net.Http.Headers;

namespace MlOps.Containers.Distribution;

/// <summary>
/// Answers a registry's 401 challenge once per request and keeps the answer for the requests after it: Basic with the
/// user name and password, or a bearer token from <see cref="BearerTokenClient"/>. A push meets two challenges at most
/// (pull scope on the first HEAD, then pull,push on the first upload). A 401 that comes back after answering is
/// returned as is, for the caller to report with the credential's source.
/// </summary>
public sealed class RegistryAuthHandler(RegistryCredential credential, BearerTokenClient tokens, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private AuthenticationHeaderValue? _authorization;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var sent = _authorization;
        request.Headers.Authorization = sent;
        var response = await base.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized || AuthChallenge.From(response) is not { } challenge) return response;
        if (challenge.IsBasic && credential.Username is null) return response;

        // Another request may have answered the same challenge meanwhile; only fetch when what was sent is still current.
        var answer = _authorization != sent ? _authorization
            : challenge.IsBearer ? new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(challenge, ct))
            : new AuthenticationHeaderValue("Basic", credential.BasicParameter());
        if (answer is null) return response;
        _authorization = answer;
        response.Dispose();
        request.Headers.Authorization = answer;
        return await base.SendAsync(request, ct);
    }
}
