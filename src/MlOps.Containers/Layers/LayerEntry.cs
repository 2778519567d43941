namespace MlOps.Containers.Layers;

/// <summary>
/// One file system entry of a layer: where it goes in the image and what it holds. Nothing about the source file's
/// owner, times or extra permission bits survives: owner is root, the time is the epoch, and the mode is one of the
/// few fixed ones callers choose, so the same content always makes the same layer.
/// </summary>
/// <param name="Path">Path in the image, relative ("usr/lib/libc.so.6"), '/'-separated.</param>
/// <param name="SourceFile">For a file: the file on disk to copy (exclusive with <paramref name="Content"/>).</param>
/// <param name="Content">For a file: its bytes, for generated files such as /etc/passwd.</param>
/// <param name="LinkTarget">For a symlink: its target, as stored.</param>
public sealed record LayerEntry(string Path, LayerEntryKind Kind, int Mode, string? SourceFile = null, byte[]? Content = null, string? LinkTarget = null)
{
    public const int DirectoryMode = 0b111_101_101;   // 0755
    public const int ExecutableMode = 0b111_101_101;  // 0755
    public const int FileMode = 0b110_100_100;        // 0644
    public const int WorldWritableSticky = 0b1_111_111_111; // 1777, for /tmp

    public static LayerEntry Directory(string path, int mode = DirectoryMode) => new(Normalize(path), LayerEntryKind.Directory, mode);

    public static LayerEntry File(string path, string sourceFile, bool executable = false) =>
        new(Normalize(path), LayerEntryKind.File, executable ? ExecutableMode : FileMode, SourceFile: sourceFile);

    public static LayerEntry Bytes(string path, byte[] content) => new(Normalize(path), LayerEntryKind.File, FileMode, Content: content);

    public static LayerEntry Symlink(string path, string target) => new(Normalize(path), LayerEntryKind.Symlink, 0b111_111_111, LinkTarget: target);

    /// <summary>
    /// Image paths are relative and never climb: "/usr/lib" becomes "usr/lib", and "..", "." or empty segments are
    /// refused, so a layer can only ever write inside the container's root.
    /// </summary>
    public static string Normalize(string path)
    {
        var trimmed = path.Replace('\\', '/').Trim('/');
        var segments = trimmed.Split('/');
        if (trimmed.Length == 0 || segments.Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"'{path}' is not a valid path inside an image (empty, '.' or '..' segment)", nameof(path));
        return trimmed;
    }
}
