namespace MlOps.CiHosts.Http;

/// <summary>
/// How a client of a CI service (GitHub, Azure DevOps) retries before giving up. One policy for every such client
/// (<see cref="TransientRetryHandler"/>); each use picks how long it is worth waiting. Tests shorten the delays and may
/// pass their own transport.
/// </summary>
public class CiServiceClientOptions
{
    /// <summary>Attempts after the first for 408/429/5xx answers, rate-limit 403s and dropped connections.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay; doubles on every retry (with jitter) unless the service sent Retry-After.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts; a longer Retry-After is not waited for (the call fails visibly instead).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time limit of one attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The innermost handler (a test's); null for a normal <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? Transport { get; init; }

    /// <summary>The handler chain every request of such a client goes through.</summary>
    public HttpMessageHandler CreateHandler() => new TransientRetryHandler(this, Transport ?? new SocketsHttpHandler());

    /// <summary>An HttpClient over <see cref="CreateHandler"/>; the per-attempt timeout lives in the handler.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler(), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
}
