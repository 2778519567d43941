using System.Text;
using MlOps.Containers.Layers;

namespace MlOps.Containers.Rootfs;

/// <summary>
/// The base layer: a rootfs holding only what a self-contained .NET app needs from an OS (containers.md, "minimal
/// rootfs built with ldd"): its host libraries in a merged-/usr layout, CA certificates, a world-writable /tmp and
/// a non-root user "app" (uid 1654, as in Microsoft's images). About 11 MB, 4–5 MB compressed; no shell.
/// </summary>
public static class MinimalRootfs
{
    public const int AppUid = 1654;
    public const string CaBundle = "/etc/ssl/certs/ca-certificates.crt";
    private const string LibDir = "usr/lib/x86_64-linux-gnu";

    public static LayerContent Build(string appDirectory) => new("base", Entries(HostLibraries.For(appDirectory)));

    /// <summary>The base for exactly these app files: libraries only a left-out file links against stay out too.</summary>
    public static LayerContent Build(IReadOnlyList<string> appFiles) => new("base", Entries(HostLibraries.For(appFiles)));

    public static IEnumerable<LayerEntry> Entries(IReadOnlyList<string> libraries)
    {
        foreach (var dir in new[] { "usr/bin", "usr/lib64", LibDir, "etc", "proc", "sys", "dev", "app" })
            yield return LayerEntry.Directory(dir);
        yield return LayerEntry.Directory("tmp", LayerEntry.WorldWritableSticky);
        yield return LayerEntry.Symlink("lib", "usr/lib");
        yield return LayerEntry.Symlink("lib64", "usr/lib64");
        yield return LayerEntry.Symlink("bin", "usr/bin");

        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var library in libraries)
        {
            // Copy the real file to its /usr place; the name the loader asks for (the soname) links to it.
            var real = new FileInfo(library).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(library);
            var dest = "usr/" + (real.StartsWith("/usr/", StringComparison.Ordinal) ? real[5..] : real.TrimStart('/'));
            if (placed.Add(dest)) yield return LayerEntry.File(dest, real, executable: true);
            var soname = $"{LibDir}/{Path.GetFileName(library)}";
            if (soname != dest && placed.Add(soname))
                yield return LayerEntry.Symlink(soname, Path.GetRelativePath(Path.GetDirectoryName("/" + soname)!, "/" + dest).Replace('\\', '/'));
        }
        // The interpreter path baked into every binary is /lib64/ld-linux-x86-64.so.2 (lib64 → usr/lib64).
        yield return LayerEntry.Symlink("usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
        if (File.Exists(CaBundle)) yield return LayerEntry.File(CaBundle, new FileInfo(CaBundle).ResolveLinkTarget(true)?.FullName ?? CaBundle);

        yield return Text("etc/passwd", $"""
            root:x:0:0:root:/root:/sbin/nologin
            app:x:{AppUid}:{AppUid}:app:/app:/sbin/nologin
            nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin

            """);
        yield return Text("etc/group", $"""
            root:x:0:
            app:x:{AppUid}:
            nogroup:x:65534:

            """);
        yield return Text("etc/nsswitch.conf", "hosts: files dns\n");
        yield return Text("etc/hosts", "");
        yield return Text("etc/resolv.conf", "");
    }

    private static LayerEntry Text(string path, string content) => LayerEntry.Bytes(path, Encoding.UTF8.GetBytes(content.ReplaceLineEndings("\n")));
}
