using MlOps.Core.Config;
using MlOps.Steps.Common;

namespace MlOps.Steps.Train;

/// <summary>
/// What a training run is made from, as two hashes: the training data file and the training settings of mlops.yml
/// (<see cref="TrainSettingsFingerprint"/>). Registered versions keep both as properties, so a later run can tell
/// whether training again would start from the same place.
/// </summary>
public sealed record TrainingInputs(string DataSha256, string SettingsSha256)
{
    /// <summary>The registry property holding the training data's hash (set from run.json's data records).</summary>
    public const string DataProperty = "data.train.sha256";

    public const string SettingsProperty = "train.settings.sha256";

    public static TrainingInputs Of(MlOpsConfig config, string trainPath, TrainOptions options) =>
        new(FileHash.Sha256(trainPath), SettingsOf(config, options));

    public static string SettingsOf(MlOpsConfig config, TrainOptions options) =>
        TrainSettingsFingerprint.Sha256(config.FilePath, options.Seed ?? config.Train.Seed, options.Exclude ?? []);
}
