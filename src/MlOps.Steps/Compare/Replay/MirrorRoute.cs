namespace MlOps.Steps.Compare.Replay;

/// <summary>Mirror: every request goes to both variants, so they are compared on exactly the same requests (paired).</summary>
public sealed class MirrorRoute(ScorePoster poster, string championUrl, string challengerUrl) : IReplayRoute
{
    public string Description => "mirror: every request to both variants";

    public Task SendAsync(string requestId, byte[] body, string at, CancellationToken ct) =>
        Task.WhenAll(poster.PostAsync("champion", championUrl, requestId, body, at, ct),
            poster.PostAsync("challenger", challengerUrl, requestId, body, at, ct));
}
