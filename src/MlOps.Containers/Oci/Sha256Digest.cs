using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace MlOps.Containers.Oci;

/// <summary>An OCI content digest, "sha256:" + 64 lowercase hex digits; the only algorithm this builder writes or reads.</summary>
public static partial class Sha256Digest
{
    public const string Prefix = "sha256:";

    public static string Of(byte[] content) => Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    public static string FromHash(byte[] sha256) => Prefix + Convert.ToHexStringLower(sha256);

    /// <summary>
    /// The hex part, used as a blob's file name. Anything else (another algorithm, "../", upper case) is refused, so a
    /// digest read from an index or manifest can never point outside blobs/sha256.
    /// </summary>
    public static string Hex(string digest) =>
        IsValid(digest) ? digest[Prefix.Length..] : throw new FormatException($"'{digest}' is not a sha256 digest (sha256: and 64 lowercase hex digits)");

    public static bool IsValid(string? digest) => digest is not null && Pattern().IsMatch(digest);

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Pattern();
}
