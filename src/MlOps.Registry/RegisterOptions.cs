namespace MlOps.Registry;

/// <summary>
/// What is recorded with a new version. Tags stay editable later (an empty value is dropped); properties and the
/// description are part of the immutable version, like the artifacts.
/// </summary>
public sealed record RegisterOptions(
    IReadOnlyDictionary<string, string>? Tags = null,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Properties = null);
