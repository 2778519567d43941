namespace MlOps.Steps.Init;

/// <summary>The pipelines/ and templates/ files embedded at build time (see MlOps.Steps.csproj), in path order.</summary>
public static class BundledFiles
{
    private static readonly string[] Roots = ["pipelines/", "templates/"];

    public static IReadOnlyList<BundledFile> All { get; } = Load();

    private static IReadOnlyList<BundledFile> Load()
    {
        var assembly = typeof(BundledFiles).Assembly;
        var files = new List<BundledFile>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            // MSBuild's RecursiveDir uses the build machine's separator; the repository path always uses '/'.
            var path = name.Replace('\\', '/');
            if (!Roots.Any(r => path.StartsWith(r, StringComparison.Ordinal))) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files.Add(new BundledFile(path, copy.ToArray()));
        }
        return files.OrderBy(f => f.RepoPath, StringComparer.Ordinal).ToList();
    }
}
