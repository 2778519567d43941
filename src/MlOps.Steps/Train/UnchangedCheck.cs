using MlOps.Registry;

namespace MlOps.Steps.Train;

/// <summary>Train or not: the answer of <c>train --skip-if-unchanged ALIAS</c>, with the reason a person reads.</summary>
/// <param name="Baseline">The version the alias points at, when it exists.</param>
public sealed record RetrainDecision(bool Skip, string Reason, ModelVersion? Baseline);

/// <summary>
/// Compares this run's <see cref="TrainingInputs"/> with what the version behind NAME@ALIAS was trained from (its
/// registry properties). Anything unknown means train: skipping is only safe when both hashes are known and equal.
/// </summary>
public static class UnchangedCheck
{
    public static async Task<RetrainDecision> DecideAsync(IModelRegistry registry, string model, string alias, TrainingInputs inputs,
        CancellationToken ct)
    {
        ModelVersion? current;
        try
        {
            current = await registry.TryGetByAliasAsync(model, alias, ct);
        }
        catch (RegistryException e) when (e.Kind == RegistryErrorKind.ModelNotFound)
        {
            current = null;
        }
        catch (RegistryException e)
        {
            throw new Core.Errors.InvalidInputException($"--skip-if-unchanged {alias}: {e.Message}", e);
        }
        if (current is null)
            return new RetrainDecision(false, $"training: {model}@{alias} does not exist yet (first run), so there is nothing to compare with", null);

        var at = $"{current.Reference} ({alias})";
        var data = current.Properties.GetValueOrDefault(TrainingInputs.DataProperty);
        var settings = current.Properties.GetValueOrDefault(TrainingInputs.SettingsProperty);
        if (data is null || settings is null)
            return new RetrainDecision(false, $"training: {at} does not record the hashes of its training data and settings " +
                                              "(registered by an older mlops or from a folder without run.json)", current);
        var dataChanged = !string.Equals(data, inputs.DataSha256, StringComparison.OrdinalIgnoreCase);
        var settingsChanged = !string.Equals(settings, inputs.SettingsSha256, StringComparison.OrdinalIgnoreCase);
        return (dataChanged, settingsChanged) switch
        {
            (false, false) => new RetrainDecision(true,
                $"the training data (sha256 {Short(inputs.DataSha256)}) and the model/data/train settings of mlops.yml are those {at} was trained on",
                current),
            (true, false) => new RetrainDecision(false, $"training: the training data changed since {at} (sha256 {Short(data)} → {Short(inputs.DataSha256)})", current),
            (false, true) => new RetrainDecision(false, $"training: the model/data/train settings of mlops.yml (or --seed/--exclude) changed since {at}", current),
            _ => new RetrainDecision(false, $"training: the training data and the model/data/train settings changed since {at}", current),
        };
    }

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}
