namespace MlOps.Steps.Train;

/// <param name="Seed">Overrides train.seed.</param>
/// <param name="Exclude">Columns excluded on top of data.exclude.</param>
/// <param name="ResultPath">Where the outcome (<see cref="TrainOutcome"/>) is written; default .mlops/train-result.json beside mlops.yml.</param>
public sealed record TrainOptions(string ConfigPath, string? OutputDirectory = null, int? Seed = null, IReadOnlyList<string>? Exclude = null,
    string? ResultPath = null);
