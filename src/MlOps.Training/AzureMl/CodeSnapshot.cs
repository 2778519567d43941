using System.Security.Cryptography;
using System.Text;
using MlOps.Azure.Storage;

namespace MlOps.Training.AzureMl;

/// <summary>
/// The files of train.azureml.code that go to Azure ML, and a content hash used as the code version, so an unchanged
/// folder reuses the snapshot uploaded before instead of uploading again.
/// </summary>
internal static class CodeSnapshot
{
    // Folders that are never part of a training program: VCS data, mlops' own runs and caches, build output.
    private static readonly string[] Skipped = [".git", ".mlops", "bin", "obj", "__pycache__", ".venv", "node_modules"];

    public static IReadOnlyList<(string Key, string FullPath)> Files(string directory) =>
        BlobTransfer.FilesOf(directory).Where(f => !f.Key.Split('/').SkipLast(1).Any(Skipped.Contains)).ToList();

    public static string Version(IReadOnlyList<(string Key, string FullPath)> files)
    {
        using var tree = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, path) in files)
        {
            tree.AppendData(Encoding.UTF8.GetBytes(key));
            tree.AppendData([0]);
            using var stream = File.OpenRead(path);
            tree.AppendData(SHA256.HashData(stream));
        }
        return Convert.ToHexStringLower(tree.GetHashAndReset())[..16];
    }
}
