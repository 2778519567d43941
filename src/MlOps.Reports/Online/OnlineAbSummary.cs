namespace MlOps.Reports.Online;

/// <summary>One side of an online A/B test as its request log showed it.</summary>
/// <param name="Requests">Logged requests (after dropping repeated ids).</param>
/// <param name="Labelled">Rows with a label that the test used.</param>
/// <param name="Unlabelled">Rows whose request id has no label (yet): counted, not used.</param>
public sealed record OnlineVariant(string Role, IReadOnlyList<string> ModelVersions, int Requests, int Labelled, int Unlabelled,
    double LatencyP50Ms, double LatencyP99Ms);

/// <summary>
/// What `mlops compare --online` decided and on what evidence; report.json's <c>online</c>, absent from offline reports.
/// </summary>
/// <param name="Mode">"mirror" (both variants scored every request: paired) or "split" (each request went to one: independent).</param>
/// <param name="Test">"sequential" (always valid, may be looked at any time) or "fixed-horizon" (valid once, at <paramref name="Horizon"/>).</param>
/// <param name="Metric">The per-request loss tested (logloss, or mse for regression); lower is better.</param>
/// <param name="Difference">Mean loss of the challenger minus the champion's: negative favours the challenger.</param>
/// <param name="Lower">Lower end of the (1 − alpha) interval of the difference (a confidence sequence when sequential).</param>
/// <param name="Decision">"challenger-wins", "champion-wins" or "keep-collecting".</param>
/// <param name="Samples">Labelled pairs (mirror) or labelled rows of both variants (split) the test saw.</param>
/// <param name="DecidedAtSamples">Sequential: the samples at which the test first rejected, where a watcher would have stopped.</param>
public sealed record OnlineAbSummary(string Mode, string Test, double Alpha, int? Horizon, string Metric, double Difference, double Lower,
    double Upper, double PValue, string Decision, int Samples, int? DecidedAtSamples, OnlineVariant Champion, OnlineVariant Challenger)
{
    public const string ChallengerWins = "challenger-wins", ChampionWins = "champion-wins", KeepCollecting = "keep-collecting";
}
