using MlOps.Core.Modeling;

namespace MlOps.Steps.Init;

/// <summary>
/// <c>mlops init</c>: <paramref name="Host"/> null = detect from the repository; <paramref name="Data"/>/<paramref name="Test"/>/<paramref name="Label"/>
/// describe the model for mlops.yml (inferred from the CSV when given); <paramref name="Force"/> overwrites existing files.
/// </summary>
public sealed record InitOptions(
    string Directory,
    RepoHost? Host = null,
    string? Model = null,
    string? Data = null,
    string? Test = null,
    string? Label = null,
    ModelTask? Task = null,
    bool Force = false);
