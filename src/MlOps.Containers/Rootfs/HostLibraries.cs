using System.Diagnostics;
using MlOps.Core.Errors;

namespace MlOps.Containers.Rootfs;

/// <summary>
/// The host shared libraries a self-contained .NET app needs, found with ldd: what its executables and native
/// libraries link against, outside the app folder, plus the ELF interpreter and the libraries .NET dlopen()s
/// (which ldd cannot see).
/// </summary>
public static class HostLibraries
{
    public const string Interpreter = "/lib64/ld-linux-x86-64.so.2";

    /// <summary>
    /// System.Security.Cryptography.Native.OpenSsl dlopen()s these: without them the first crypto call (SHA-256,
    /// HTTPS) kills the process with "No usable version of libssl was found" (containers.md).
    /// </summary>
    public static readonly string[] Dlopened = ["/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3"];

    /// <summary>The library paths as the loader names them (e.g. /lib/x86_64-linux-gnu/libc.so.6), sorted.</summary>
    public static IReadOnlyList<string> For(string appDirectory) => For([.. Directory.EnumerateFiles(appDirectory)]);

    /// <inheritdoc cref="For(string)"/>
    public static IReadOnlyList<string> For(IReadOnlyList<string> appFiles)
    {
        if (!OperatingSystem.IsLinux())
            throw new InvalidInputException("the image's base layer is made of this machine's libraries: run mlops package on linux-x64");
        var binaries = appFiles.Where(IsElf).Order(StringComparer.Ordinal).ToList();
        var libraries = new SortedSet<string>(StringComparer.Ordinal) { Interpreter };
        foreach (var line in Ldd(binaries))
            if (ParseResolved(line) is { } path && IsHostLibrary(path))
                libraries.Add(path);
        foreach (var dlopened in Dlopened)
        {
            if (!File.Exists(dlopened))
                throw new InvalidInputException($"{dlopened} not found: install libssl3 (the .NET runtime loads it for hashing and HTTPS)");
            libraries.Add(dlopened);
        }
        return [.. libraries];
    }

    /// <summary>"\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" → the path; null for other lines ("not found", vdso, headers).</summary>
    public static string? ParseResolved(string line)
    {
        var arrow = line.IndexOf("=> ", StringComparison.Ordinal);
        if (arrow < 0) return null;
        var rest = line[(arrow + 3)..].Trim();
        var space = rest.IndexOf(' ');
        var path = space < 0 ? rest : rest[..space];
        return path.StartsWith('/') ? path : null;
    }

    private static bool IsHostLibrary(string path) => path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/lib64/", StringComparison.Ordinal)
        || path.StartsWith("/usr/lib/", StringComparison.Ordinal) || path.StartsWith("/usr/lib64/", StringComparison.Ordinal);

    private static ReadOnlySpan<byte> ElfMagic => [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>By content, not mode: a publish marks every .dll executable, and ldd on hundreds of them takes seconds.</summary>
    private static bool IsElf(string file)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(file);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual(ElfMagic);
    }

    private static IEnumerable<string> Ldd(IReadOnlyList<string> binaries)
    {
        if (binaries.Count == 0) return [];
        var start = new ProcessStartInfo("ldd") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var binary in binaries) start.ArgumentList.Add(binary);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = stderr.Result; // ldd exits 1 when one file is not dynamic (e.g. a script); the others are still listed
            return output.Split('\n');
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidInputException($"ldd not found ({e.Message}): install libc-bin; it finds the libraries the image needs", e);
        }
    }
}
