using MlOps.Router;

namespace MlOps.Steps.Compare.Replay;

/// <summary>
/// Split: each request goes to one variant, chosen by a hash of its id, so the same id always lands on the same variant
/// (a retry does not switch models) and the assignment does not depend on arrival order. The hash is the local router's
/// (<see cref="VariantChooser"/>), so a replayed id lands on the variant it would reach behind a deployed split.
/// </summary>
public sealed class HashSplitRoute(ScorePoster poster, string championUrl, string challengerUrl, int challengerPercent) : IReplayRoute
{
    public string Description => $"split: {challengerPercent}% of requests to the challenger by request-id hash";

    public Task SendAsync(string requestId, byte[] body, string at, CancellationToken ct) =>
        ToChallenger(requestId, challengerPercent)
            ? poster.PostAsync("challenger", challengerUrl, requestId, body, at, ct)
            : poster.PostAsync("champion", championUrl, requestId, body, at, ct);

    public static bool ToChallenger(string requestId, int challengerPercent) => VariantChooser.ToCandidate(requestId, challengerPercent);
}
