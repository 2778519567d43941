using System.Globalization;

namespace MlOps.Registry.AzureMl;

/// <summary>
/// Local copies of Azure ML model files: {root}/{name}/{version}/files, with a "complete" marker written last so a
/// download cut short is never taken for a model. Versions are immutable, so a complete copy never goes stale.
/// </summary>
internal sealed class ArtifactCache(string root)
{
    public string FilesOf(string name, int version) => Path.Combine(VersionFolder(name, version), "files");

    public bool IsComplete(string name, int version) => File.Exists(Marker(name, version));

    /// <summary>Moves a fully written folder into place and marks it complete.</summary>
    public string Publish(string name, int version, string stagedFiles)
    {
        var folder = VersionFolder(name, version);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        Directory.Move(stagedFiles, FilesOf(name, version));
        File.WriteAllText(Marker(name, version), "");
        return FilesOf(name, version);
    }

    public string NewStaging() => Path.Combine(root, ".staging", Guid.NewGuid().ToString("N"));

    private string VersionFolder(string name, int version) => Path.Combine(root, name, version.ToString(CultureInfo.InvariantCulture));

    private string Marker(string name, int version) => Path.Combine(VersionFolder(name, version), "complete");
}
