namespace MlOps.Server;

public sealed record ScoringServerOptions(string Host = "127.0.0.1", int Port = 0, string? ModelReference = null,
    long MaxBodyBytes = 10 * 1024 * 1024, int MaxRows = 100_000);
