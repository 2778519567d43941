using System.Text.Json.Serialization;

namespace MlOps.Registry.Audit;

/// <summary>
/// One line of ROOT/events.jsonl: what happened to which model, when (UTC), who did it, why, from which CI run, and
/// its place in the hash chain. The property order below is the order on disk; <see cref="Hash"/> is always last.
/// </summary>
/// <param name="Event">One of <see cref="AuditEventKinds"/>.</param>
/// <param name="Version">Null for a gate run on a model that is not registered yet (then <see cref="Details"/> has its sha256).</param>
public sealed record AuditEvent(string Event, string Model, int? Version)
{
    [JsonPropertyOrder(-10)] public long Seq { get; init; }

    [JsonPropertyOrder(-9)] public DateTime Time { get; init; } = DateTime.UtcNow;

    /// <summary>For promoted/demoted/rolled-back of an alias.</summary>
    public string? Alias { get; init; }

    /// <summary>The version the alias or environment had before this event.</summary>
    public int? Previous { get; init; }

    /// <summary>For deployed/undeployed/rolled-back of an environment.</summary>
    public string? Environment { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public string? Who { get; init; }

    public string? Ci { get; init; }

    public string? RunUrl { get; init; }

    public string? Reason { get; init; }

    public string? Report { get; init; }

    public string? ReportSha256 { get; init; }

    /// <summary>Event-specific facts: model and content hashes, the baseline, metrics, the URL served on.</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }

    /// <summary>The OS account and machine that wrote the line, beside the CI identity.</summary>
    public string? User { get; init; } = System.Environment.UserName;

    public string? Host { get; init; } = System.Environment.MachineName;

    /// <summary>True when the line was written by a later writer because the original one died before recording it.</summary>
    public bool? Recovered { get; init; }

    /// <summary>Hash of the previous line (64 zeros for the first).</summary>
    [JsonPropertyOrder(100)] public string? PrevHash { get; init; }

    /// <summary>SHA-256 of this line's own bytes up to (not including) ,"hash":... — see <see cref="AuditChain"/>.</summary>
    [JsonPropertyOrder(101)] public string? Hash { get; init; }

    /// <summary>"model:3", or "model (unregistered)" for a gate run on a training folder.</summary>
    [JsonIgnore] public string Subject => Version is { } v ? $"{Model}:{v}" : $"{Model} (unregistered)";
}
