using System.Text;

namespace MlOps.Router;

/// <summary>
/// Decides per request whether the candidate answers and whether live's request is mirrored. With an X-Request-Id the
/// decision is a hash of it, so replaying the same requests splits them the same way; without one it is random.
/// </summary>
public static class VariantChooser
{
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>0-99: the request's place in the split.</summary>
    public static int Bucket(string? requestId, uint salt) =>
        requestId is null ? Random.Shared.Next(100) : (int)(Fnv1a(requestId, salt) % 100);

    public static bool ToCandidate(RouteTable table, string? requestId) =>
        table.Candidate is not null && ToCandidate(requestId, table.CandidatePercent);

    /// <summary>Whether a split giving the candidate this share sends the request there; also what `compare --replay` splits by.</summary>
    public static bool ToCandidate(string? requestId, int candidatePercent) => candidatePercent > 0 && Bucket(requestId, 0) < candidatePercent;

    /// <summary>A different salt from <see cref="ToCandidate"/>: the mirrored share is independent of the split.</summary>
    public static bool Mirrored(RouteTable table, string? requestId) =>
        table.Candidate is not null && table.MirrorPercent > 0 && Bucket(requestId, 0x9E3779B9) < table.MirrorPercent;

    /// <summary>FNV-1a: stable across processes and runs, unlike string.GetHashCode.</summary>
    private static uint Fnv1a(string text, uint salt)
    {
        var hash = 2166136261u ^ salt;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        // FNV's low bits are weak for short similar keys (req-1, req-2...): fold the high bits in before "% 100".
        hash ^= hash >> 15;
        hash *= 0x2C1B3C6Du;
        hash ^= hash >> 12;
        return hash;
    }
}
