using System.Net.Http.Headers;
using Azure.Core;
using k8s.Authentication;
using MlOps.Core.Config;

namespace MlOps.Deployment.Aks;

/// <summary>
/// Bearer tokens for an AKS cluster with Microsoft Entra ID integration, from any Azure.Identity credential (what
/// kubelogin does), refreshed a few minutes before they expire.
/// </summary>
public sealed class AksAadTokenProvider(TokenCredential credential) : ITokenProvider
{
    private AccessToken _token;

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        if (_token.Token is null || _token.ExpiresOn <= DateTimeOffset.UtcNow.AddMinutes(5))
            _token = await credential.GetTokenAsync(new TokenRequestContext([AksCredentials.AadScope]), cancellationToken).ConfigureAwait(false);
        return new AuthenticationHeaderValue("Bearer", _token.Token);
    }
}
