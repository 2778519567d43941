using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Steps.Train;

/// <summary>train-result.json: whether a model was trained, why (or why not), and where it is.</summary>
/// <param name="Reason">Why it was trained or skipped, in one line a person reads in the log.</param>
/// <param name="Baseline">The registered version the inputs were compared with ("churn:3"), when there was one.</param>
/// <param name="Inputs">The hashes of this run's training data and settings.</param>
public sealed record TrainOutcome(bool Trained, string Reason, string? Baseline, TrainingInputs Inputs, TrainResult? Result)
{
    public const string DefaultFileName = "train-result.json";

    public bool Skipped => !Trained;

    public static readonly JsonSerializerOptions Json = new(RunRecord.Json) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
}
