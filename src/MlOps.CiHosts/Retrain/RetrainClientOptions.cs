namespace MlOps.CiHosts.Retrain;

/// <summary>How hard a retrain trigger tries before giving up (exit 3). Tests shorten the delays.</summary>
public sealed class RetrainClientOptions
{
    /// <summary>Attempts after the first one for 408/429/5xx answers, rate-limit 403s and dropped connections.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First backoff delay; doubles on every retry (with jitter) unless the service sent Retry-After.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest wait between attempts. A Retry-After longer than this is not waited for: a monitor run should fail
    /// visibly (exit 3) rather than hang for an hour of rate limit.
    /// </summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time limit of one attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);
}
