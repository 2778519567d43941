using System.Security.Cryptography;
using System.Text;

namespace MlOps.Registry.Tests;

/// <summary>
/// The ContentSha256 formula as documented on ArtifactCopier, written again independently so a change to the
/// implementation that breaks hashes users already have in their pipelines fails a test.
/// </summary>
internal static class TreeHash
{
    public static string Of(string folder)
    {
        var data = new List<byte>();
        var paths = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            data.AddRange(Encoding.UTF8.GetBytes(path));
            data.Add(0);
            data.AddRange(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, path))));
        }
        return Convert.ToHexStringLower(SHA256.HashData(data.ToArray()));
    }
}
