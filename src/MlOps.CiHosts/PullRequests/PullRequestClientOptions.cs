namespace MlOps.CiHosts.PullRequests;

/// <summary>How the PR reporters talk HTTP. Tests shorten the delays and may pass their own transport.</summary>
public sealed class PullRequestClientOptions
{
    /// <summary>Attempts after the first for 408/429/5xx answers and dropped connections.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay; doubles on every retry unless the service sent Retry-After.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait between attempts: a longer Retry-After is not waited for, since a PR comment is not worth holding
    /// a pipeline for minutes of rate limit.
    /// </summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time limit of one request.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The innermost handler (a test's); null for a normal <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? Transport { get; init; }

    /// <summary>An HttpClient whose requests go through <see cref="RetryHandler"/>.</summary>
    internal HttpClient CreateHttpClient() =>
        new(new RetryHandler(this, Transport ?? new SocketsHttpHandler()), disposeHandler: true) { Timeout = Timeout * (MaxRetries + 1) + MaxDelay * MaxRetries };
}
