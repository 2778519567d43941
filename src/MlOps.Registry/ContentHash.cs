using MlOps.Core.IO;

namespace MlOps.Registry;

/// <summary>
/// Recomputes <see cref="ModelVersion.ContentSha256"/> from a version's artifacts folder as it is now (the
/// <see cref="TreeHash"/> <see cref="ArtifactCopier"/> took while copying), so lineage can say whether a stored version
/// is still intact.
/// </summary>
public static class ContentHash
{
    public static string Of(string artifactsFolder) =>
        TreeHash.Of(Directory.GetFiles(artifactsFolder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => (Path.GetRelativePath(artifactsFolder, f).Replace('\\', '/'), f)));
}
