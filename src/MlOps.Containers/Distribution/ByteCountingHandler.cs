namespace MlOps.Containers.Distribution;

/// <summary>Counts the request body bytes put on the wire, retries included: what a push really cost in upload.</summary>
internal sealed class ByteCountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Content?.Headers.ContentLength is { } length) Interlocked.Add(ref _bytes, length);
        return base.SendAsync(request, ct);
    }
}
