namespace MlOps.Router;

/// <param name="Port">The environment's stable port (0 = any free port); the admin endpoint always takes a free port.</param>
/// <param name="UrlFile">Written once both listeners are up: the router's URL and its admin URL (see <see cref="RouterAddresses"/>).</param>
/// <param name="DrainTimeout">How long a route change waits for requests already forwarded under the old routes.</param>
public sealed record RouterOptions(string Host = "127.0.0.1", int Port = 0, string? UrlFile = null, TimeSpan? DrainTimeout = null)
{
    public TimeSpan Drain => DrainTimeout ?? TimeSpan.FromSeconds(30);
}

/// <summary>Where a running router answers: <see cref="Url"/> for clients, <see cref="AdminUrl"/> (loopback) for the deploy target.</summary>
public sealed record RouterAddresses(string Url, string AdminUrl);
