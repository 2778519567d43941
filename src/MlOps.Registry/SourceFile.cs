namespace MlOps.Registry;

/// <summary>One file to register: where it is now and where it goes below the version's artifacts folder.</summary>
/// <param name="RelativePath">Relative to the source folder, with the OS's separators.</param>
internal sealed record SourceFile(string RelativePath, string FullPath)
{
    /// <summary>The relative path with '/' separators: what is hashed and sorted, so hashes agree across OSes.</summary>
    public string Key => RelativePath.Replace('\\', '/');
}
