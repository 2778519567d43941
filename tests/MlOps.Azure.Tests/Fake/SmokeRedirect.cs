namespace MlOps.Azure.Tests.Fake;

/// <summary>
/// Sends the ACI target's smoke test (http://FQDN:8080/health/ready, a name that does not resolve here) to the fake's
/// loopback endpoint for that FQDN, remembering the address the target asked for.
/// </summary>
internal sealed class SmokeRedirect : DelegatingHandler
{
    private readonly FakeAzureMl _fake;

    public SmokeRedirect(FakeAzureMl fake) : base(fake.TrustingHandler()) => _fake = fake;

    public List<Uri> Asked { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var asked = request.RequestUri!;
        lock (Asked) Asked.Add(asked);
        request.RequestUri = new Uri(_fake.BaseUri, $"fake-aci/health/{asked.Host}{asked.AbsolutePath}");
        return base.SendAsync(request, cancellationToken);
    }
}
