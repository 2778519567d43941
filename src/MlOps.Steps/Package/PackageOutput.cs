using MlOps.Core.Errors;

namespace MlOps.Steps.Package;

/// <summary>
/// The output folder, written whole or not at all: everything goes to a sibling staging folder, which replaces the
/// folder by renames only after the last byte is written. A failed or cancelled build leaves the previous output
/// as it was. A folder that is not an earlier package output is never replaced (it could be anything of the user's).
/// </summary>
public sealed class PackageOutput : IDisposable
{
    public const string ResultFile = "package.json";
    private bool _committed;

    public PackageOutput(string directory)
    {
        Directory = Path.GetFullPath(directory);
        if (System.IO.Directory.Exists(Directory) && System.IO.Directory.EnumerateFileSystemEntries(Directory).Any()
            && !File.Exists(Path.Combine(Directory, ResultFile)))
            throw new InvalidInputException($"--output {directory}: the folder exists and is not an earlier 'mlops package' output (no {ResultFile}); choose an empty or new folder");
        var parent = Path.GetDirectoryName(Directory)!;
        System.IO.Directory.CreateDirectory(parent);
        Staging = Path.Combine(parent, $".{Path.GetFileName(Directory)}.staging-{Guid.NewGuid().ToString("N")[..8]}");
        System.IO.Directory.CreateDirectory(Staging);
    }

    /// <summary>The final folder (paths in the result point here).</summary>
    public string Directory { get; }

    /// <summary>Where to write now.</summary>
    public string Staging { get; }

    public string StagedPath(string relative) => Path.Combine(Staging, relative);

    public string FinalPath(string relative) => Path.Combine(Directory, relative);

    public void Commit()
    {
        var old = Directory + $".old-{Guid.NewGuid().ToString("N")[..8]}";
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Move(Directory, old);
        System.IO.Directory.Move(Staging, Directory);
        _committed = true;
        if (System.IO.Directory.Exists(old)) System.IO.Directory.Delete(old, recursive: true);
    }

    public void Dispose()
    {
        if (!_committed && System.IO.Directory.Exists(Staging)) System.IO.Directory.Delete(Staging, recursive: true);
    }
}
