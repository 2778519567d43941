using Azure.Core;

namespace MlOps.Azure.Tests.Fake;

/// <summary>A credential that always hands out the same token, so tests can tell the fake which tokens it should reject.</summary>
internal sealed class StaticTokenCredential(string token = FakeAzureMl.GoodToken) : TokenCredential
{
    public int Requests;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Requests);
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
