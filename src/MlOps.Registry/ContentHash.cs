using System.Security.Cryptography;
using System.Text;

namespace MlOps.Registry;

/// <summary>
/// Recomputes <see cref="ModelVersion.ContentSha256"/> from a version's artifacts folder as it is now, with the formula
/// documented on <see cref="ArtifactCopier"/>, so lineage can say whether a stored version is still intact.
/// </summary>
public static class ContentHash
{
    public static string Of(string artifactsFolder)
    {
        using var tree = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var keys = Directory.GetFiles(artifactsFolder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(artifactsFolder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            using var stream = File.OpenRead(Path.Combine(artifactsFolder, key));
            tree.AppendData(Encoding.UTF8.GetBytes(key));
            tree.AppendData([0]);
            tree.AppendData(SHA256.HashData(stream));
        }
        return Convert.ToHexStringLower(tree.GetHashAndReset());
    }
}
