using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Training;

/// <summary>What a trainer gets: validated config, the training table, the chosen features and a folder to write to.</summary>
public sealed record TrainingContext(
    MlOpsConfig Config,
    Table Train,
    IReadOnlyList<FeatureInfo> Features,
    IReadOnlyList<string> Classes,
    string OutputDirectory,
    int Seed,
    Action<string> Log);

/// <summary>What a trainer left: the model file (inside the output folder), its format and what produced it.</summary>
/// <param name="Metrics">The trainer's own metrics (a command trainer's metrics.json), e.g. validation AUC; none if null.</param>
public sealed record TrainerOutput(string ModelFile, string Format, string Algorithm, IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, double>? Metrics = null);

public interface ITrainer
{
    Task<TrainerOutput> TrainAsync(TrainingContext context, CancellationToken cancellationToken = default);
}
