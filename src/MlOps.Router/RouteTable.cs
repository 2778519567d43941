using System.Text.Json.Serialization;

namespace MlOps.Router;

/// <summary>
/// Where the router sends requests: the live version, and optionally a candidate that answers a share of them and
/// receives a mirrored share. Immutable: the admin endpoint swaps a whole table, so a request sees one consistent split.
/// </summary>
/// <param name="CandidatePercent">Share of requests answered by the candidate, 0-100.</param>
/// <param name="MirrorPercent">Share of the requests live answers that are also copied to the candidate (answers discarded), 0-100.</param>
public sealed record RouteTable(RouteVariant? Live, RouteVariant? Candidate = null, int CandidatePercent = 0, int MirrorPercent = 0)
{
    public static readonly RouteTable Empty = new((RouteVariant?)null);

    /// <summary>Requests forwarded under this table and not answered yet; the router waits for 0 before saying a change is done.</summary>
    [JsonIgnore]
    internal int InFlight;

    /// <summary>What is wrong with the table, or null: a bad table would make every request fail, so it is refused instead.</summary>
    public string? Problem()
    {
        if (CandidatePercent is < 0 or > 100) return $"candidatePercent must be 0-100, not {CandidatePercent}";
        if (MirrorPercent is < 0 or > 100) return $"mirrorPercent must be 0-100, not {MirrorPercent}";
        if (Live is null && Candidate is not null) return "a candidate needs a live version beside it";
        if (Candidate is null && (CandidatePercent > 0 || MirrorPercent > 0)) return "traffic for a candidate, but there is no candidate";
        foreach (var variant in new[] { Live, Candidate })
            if (variant is not null && variant.Problem() is { } problem) return problem;
        return null;
    }
}

/// <param name="Name">What the X-Mlops-Variant header says answered (the model reference, e.g. adult-income:3).</param>
/// <param name="Url">The version's own server, on loopback.</param>
public sealed record RouteVariant(string Name, string Url)
{
    internal string? Problem() =>
        string.IsNullOrWhiteSpace(Name) ? "a variant needs a name"
        : !Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme != "http" || !uri.IsLoopback
            ? $"variant {Name}: '{Url}' is not an http URL on loopback"
            : null;
}
