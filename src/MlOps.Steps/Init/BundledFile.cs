namespace MlOps.Steps.Init;

/// <summary>A ready pipeline or template shipped inside mlops, by its path in the mlops repository (pipelines/github/pr-gate.yml).</summary>
public sealed record BundledFile(string RepoPath, byte[] Content)
{
    public bool IsUnder(string folder) => RepoPath.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);
}
