namespace MlOps.Steps.Compare.Replay;

/// <summary>
/// Where a replayed request goes. Today the replay client routes itself, straight to each variant's server
/// (<see cref="HashSplitRoute"/>, <see cref="MirrorRoute"/>); an environment whose router splits or mirrors traffic
/// (ITrafficSplitTarget) needs only a route that posts once to the router URL with the same X-Request-Id, and the
/// variants' request logs come out the same.
/// </summary>
public interface IReplayRoute
{
    /// <summary>"split 50% to the challenger by request-id hash", for the console and the report.</summary>
    string Description { get; }

    /// <summary>Scores one request; throws when a variant refuses it, naming which and why.</summary>
    Task SendAsync(string requestId, byte[] body, string at, CancellationToken cancellationToken);
}
