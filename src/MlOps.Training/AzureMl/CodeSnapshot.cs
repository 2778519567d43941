using MlOps.Azure.Storage;
using MlOps.Core.IO;

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

    public static string Version(IReadOnlyList<(string Key, string FullPath)> files) => TreeHash.Of(files)[..16];
}
