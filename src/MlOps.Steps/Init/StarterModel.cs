using MlOps.Core.Modeling;

namespace MlOps.Steps.Init;

/// <summary>A column the starter mlops.yml leaves out of training, and why (written beside it as a comment).</summary>
public sealed record ExcludedColumn(string Column, string Reason);

/// <summary>
/// What init knows about the model for the starter mlops.yml: given by flags or inferred from the training CSV.
/// <paramref name="TaskReason"/> says why the task was chosen (null when --task gave it); <paramref name="PositiveReason"/> likewise.
/// </summary>
public sealed record StarterModel(
    string Name,
    ModelTask Task,
    string Label,
    string? Positive,
    string? Train,
    string? Test,
    IReadOnlyList<ExcludedColumn> Excluded,
    IReadOnlyList<string> SliceCandidates,
    string? TaskReason = null,
    string? PositiveReason = null);
