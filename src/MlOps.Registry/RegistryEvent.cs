namespace MlOps.Registry;

/// <summary>One line of events.jsonl: who changed what, when (UTC). Alias events keep the previous target so a promotion can be traced back.</summary>
/// <param name="Event">"registered", "alias-set", "alias-removed" or "tags-set".</param>
internal sealed record RegistryEvent(
    DateTime Time,
    string Event,
    string Model,
    int Version,
    string? Alias = null,
    int? Previous = null,
    IReadOnlyDictionary<string, string>? Tags = null)
{
    public string User { get; init; } = Environment.UserName;

    public string Host { get; init; } = Environment.MachineName;
}
