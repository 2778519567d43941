namespace MlOps.Deployment.Local;

/// <summary>The environment's router process, kept in STATE_DIR/ENV.router.json.</summary>
/// <param name="Url">The environment's URL clients use; stays the same across versions.</param>
/// <param name="AdminUrl">Where the target changes the routes (loopback).</param>
public sealed record LocalRouterState(int ProcessId, string Url, string AdminUrl, string LogFile, string UrlFile);
