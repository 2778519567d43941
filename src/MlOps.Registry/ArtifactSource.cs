namespace MlOps.Registry;

/// <summary>Lists what a register call will copy, refusing anything that could pull in files from outside the source.</summary>
internal static class ArtifactSource
{
    // No attribute is skipped: hidden files (".gitattributes", "._x") are part of a model folder as much as any other.
    private static readonly EnumerationOptions OneLevel = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    /// <summary>A file gives one artifact under its own name; a folder gives every file below it, in ordinal order of <see cref="SourceFile.Key"/>.</summary>
    public static IReadOnlyList<SourceFile> List(string sourcePath)
    {
        if (string.IsNullOrWhiteSpace(sourcePath))
            throw new RegistryException(RegistryErrorKind.InvalidSource, "no model source given: expected a model file or a folder of model files");
        var full = Path.GetFullPath(sourcePath);
        if (File.Exists(full))
            return [new SourceFile(Path.GetFileName(full), full)];
        if (!Directory.Exists(full))
            throw new RegistryException(RegistryErrorKind.InvalidSource,
                $"model source '{sourcePath}' does not exist: expected a model file or a folder of model files");

        var files = new List<SourceFile>();
        Walk(full, full, files);
        if (files.Count == 0)
            throw new RegistryException(RegistryErrorKind.InvalidSource, $"model source '{sourcePath}' is an empty folder: nothing to register");
        return files.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
    }

    // Walked by hand rather than with SearchOption.AllDirectories, which follows directory symlinks into wherever they point.
    private static void Walk(string root, string directory, List<SourceFile> files)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", OneLevel))
        {
            if (entry.LinkTarget is not null)
                throw new RegistryException(RegistryErrorKind.InvalidSource,
                    $"model source '{entry.FullName}' is a symbolic link (to '{entry.LinkTarget}'): links are refused because they "
                    + "can point outside the model folder and change after registration; copy the file in instead");
            var relative = Path.GetRelativePath(root, entry.FullName);
            if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new RegistryException(RegistryErrorKind.InvalidSource, $"model source '{entry.FullName}' is outside the folder '{root}'");
            if (entry is DirectoryInfo)
                Walk(root, entry.FullName, files);
            else
                files.Add(new SourceFile(relative, entry.FullName));
        }
    }
}
