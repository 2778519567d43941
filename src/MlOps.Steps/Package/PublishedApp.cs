using MlOps.Core.Errors;

namespace MlOps.Steps.Package;

/// <summary>
/// The app layer's source: a self-contained linux-x64 publish of mlops-serve (src/MlOps.ServeHost: the scoring
/// server without the rest of the CLI; not trimmed: trimming breaks Kestrel with this SDK, see containers.md).
/// Publishing the CLI for linux-x64 puts mlops-serve in its serve/ subfolder, so one publish serves both. Checked up front, so a
/// framework-dependent, Windows or too-old publish fails here with the command to fix it rather than as a container
/// that never starts.
/// </summary>
public static class PublishedApp
{
    public const string Executable = "mlops-serve";
    public const string PublishCommand =
        "dotnet publish src/MlOps.Cli -c Release -r linux-x64 --self-contained -p:DebugType=none -o PUBLISH_DIR";

    /// <summary>Where a CLI publish keeps mlops-serve (see MlOps.Cli.csproj).</summary>
    public const string CliSubfolder = "serve";

    /// <summary>
    /// The mlops-serve publish in --app (a CLI publish, whose serve/ holds it, or a publish of src/MlOps.ServeHost),
    /// else in the folder this mlops runs from.
    /// </summary>
    public static string Locate(string? appDirectory)
    {
        if (appDirectory is not null)
        {
            var full = Path.GetFullPath(appDirectory);
            if (!Directory.Exists(full)) throw new InvalidInputException($"--app {appDirectory}: no such folder; publish with: {PublishCommand}");
            var server = !File.Exists(Path.Combine(full, Executable)) && Directory.Exists(Path.Combine(full, CliSubfolder)) ? Path.Combine(full, CliSubfolder) : full;
            var missing = Missing(server);
            if (missing is not null) throw new InvalidInputException($"--app {appDirectory}: {missing}; publish with: {PublishCommand}");
            return server;
        }
        var own = Path.Combine(Path.GetFullPath(AppContext.BaseDirectory), CliSubfolder);
        return Missing(own) is null ? own
            : throw new InvalidInputException($"--app PUBLISH_DIR is needed: this mlops is not a self-contained linux-x64 publish with {Executable} in {CliSubfolder}/; make one with: {PublishCommand}");
    }

    private static string? Missing(string directory)
    {
        if (!File.Exists(Path.Combine(directory, Executable)))
            return $"no '{Executable}' executable, here or in {CliSubfolder}/ (the image's scoring server: a linux-x64 publish of the mlops CLI has it in {CliSubfolder}/, one of src/MlOps.ServeHost at its top)";
        if (!File.Exists(Path.Combine(directory, "libcoreclr.so")))
            return "no libcoreclr.so: the publish is not self-contained for linux-x64 (the image has no .NET runtime of its own)";
        if (!File.Exists(Path.Combine(directory, $"{Executable}.deps.json")))
            return $"no {Executable}.deps.json: not a publish of {Executable}";
        return null;
    }
}
