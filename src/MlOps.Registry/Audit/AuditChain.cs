using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Registry.Audit;

/// <summary>
/// How a line is chained. A line is the compact JSON of an <see cref="AuditEvent"/> whose last two members are
/// "prevHash" (the previous line's hash) and "hash" = hex SHA-256 of the line's own UTF-8 bytes up to the
/// <c>,"hash":</c> member, closed with <c>}</c>. Hashing the stored bytes (not a re-serialization) makes the canonical
/// form the line itself: any edited byte, including whitespace, is detected, and readers need no exact serializer.
/// </summary>
public static class AuditChain
{
    /// <summary>prevHash of the first line of a log.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly byte[] HashPrefix = ",\"hash\":\""u8.ToArray();

    /// <summary>The line to append after a line with <paramref name="prevSeq"/> and <paramref name="prevHash"/>, without its newline.</summary>
    public static (byte[] Line, AuditEvent Event) Seal(AuditEvent e, long prevSeq, string prevHash)
    {
        var unsealed = e with
        {
            Seq = prevSeq + 1,
            Time = DateTime.SpecifyKind(e.Time.ToUniversalTime(), DateTimeKind.Utc),
            PrevHash = prevHash,
            Hash = null,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(unsealed, LineOptions);
        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        var line = new byte[body.Length - 1 + HashPrefix.Length + hash.Length + 2];
        body.AsSpan(0, body.Length - 1).CopyTo(line);
        HashPrefix.CopyTo(line, body.Length - 1);
        Encoding.ASCII.GetBytes(hash).CopyTo(line, body.Length - 1 + HashPrefix.Length);
        line[^2] = (byte)'"';
        line[^1] = (byte)'}';
        return (line, unsealed with { Hash = hash });
    }

    /// <summary>The hash a line claims, or null when it does not end in a well-formed hash member (legacy or damaged).</summary>
    public static string? ClaimedHash(ReadOnlySpan<byte> line)
    {
        const int HexLength = 64;
        var suffixLength = HashPrefix.Length + HexLength + 2;
        if (line.Length < suffixLength + 2 || !line.EndsWith("\"}"u8)) return null;
        if (!line[^suffixLength..].StartsWith(HashPrefix)) return null;
        var hex = line[^(HexLength + 2)..^2];
        foreach (var b in hex)
            if (b is not (>= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f')) return null;
        return Encoding.ASCII.GetString(hex);
    }

    /// <summary>The hash a line with a hash member should have: SHA-256 of its bytes before the member, plus '}'.</summary>
    public static string ComputeHash(ReadOnlySpan<byte> line)
    {
        var suffixLength = HashPrefix.Length + 64 + 2;
        var body = new byte[line.Length - suffixLength + 1];
        line[..^suffixLength].CopyTo(body);
        body[^1] = (byte)'}';
        return Convert.ToHexStringLower(SHA256.HashData(body));
    }

    /// <summary>What the next line must name as prevHash: the line's hash, or for a line from before the chain, the SHA-256 of its bytes.</summary>
    public static string LinkHash(ReadOnlySpan<byte> line) =>
        ClaimedHash(line) ?? Convert.ToHexStringLower(SHA256.HashData(line));

    public static AuditEvent Parse(ReadOnlySpan<byte> line) =>
        JsonSerializer.Deserialize<AuditEvent>(line, LineOptions) ?? throw new JsonException("null event");
}
