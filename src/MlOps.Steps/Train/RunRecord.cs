using System.Text.Json;
using MlOps.Steps.Common;

namespace MlOps.Steps.Train;

public sealed record DataFileRecord(string Role, string Path, string Sha256, int Rows, int Columns);

public sealed record ModelFileRecord(string File, string Format, string Sha256);

/// <summary>run.json: what was trained from what, so a registered model can be traced back and reproduced.</summary>
/// <param name="Ci">The CI run that trained the model (who, run URL); host "local" with only the user outside CI.</param>
/// <param name="Repository">The code's repository URL (CI variable, else git's origin), null when unknown.</param>
/// <param name="TrainSettingsSha256">
/// <see cref="MlOps.Core.Config.TrainSettingsFingerprint"/> of the run: with the training data's hash, what
/// <c>train --skip-if-unchanged</c> compares; null in runs of older versions.
/// </param>
/// <param name="TrainerMetrics">The metrics the trainer reported itself (a command trainer's metrics.json); null if none.</param>
public sealed record RunRecord(
    string Model,
    string Task,
    string Label,
    string Trainer,
    int Seed,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> Excluded,
    string ConfigPath,
    string ConfigSha256,
    IReadOnlyList<DataFileRecord> Data,
    GitInfo Code,
    ModelFileRecord ModelFile,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    string MlopsVersion,
    IReadOnlyDictionary<string, double>? TrainerMetrics = null,
    MlOps.CiHosts.CiRunInfo? Ci = null,
    string? Repository = null,
    string? TrainSettingsSha256 = null)
{
    public const string FileName = "run.json";

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static RunRecord? TryRead(string directory)
    {
        var path = System.IO.Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), Json) : null;
    }
}
