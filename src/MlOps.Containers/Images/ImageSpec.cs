namespace MlOps.Containers.Images;

/// <summary>
/// What the image config says besides its layers. Nothing in it may vary between two builds of the same inputs:
/// <paramref name="Created"/> is given (a commit time or the epoch), never "now".
/// </summary>
/// <param name="Labels">OCI labels; written in ordinal key order.</param>
/// <param name="ExposedPort">TCP port the server listens on, or null.</param>
public sealed record ImageSpec(
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<string> Env,
    string User,
    string WorkingDir,
    int? ExposedPort,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset Created);
