using MlOps.CiHosts.Http;

namespace MlOps.CiHosts.Retrain;

/// <summary>
/// How hard a retrain trigger tries before giving up (exit 3): longer than a PR report, because a missed retrain is
/// worse than a late one, yet a Retry-After of an hour fails visibly rather than hanging the monitor run.
/// </summary>
public sealed class RetrainClientOptions : CiServiceClientOptions
{
    public RetrainClientOptions()
    {
        MaxRetries = 4;
        Delay = TimeSpan.FromSeconds(2);
        MaxDelay = TimeSpan.FromSeconds(60);
        Timeout = TimeSpan.FromSeconds(100);
    }
}
