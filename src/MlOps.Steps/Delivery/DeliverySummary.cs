namespace MlOps.Steps.Delivery;

/// <summary>The four metrics for one model, or for all models together (<see cref="Model"/> = "all").</summary>
/// <param name="Changes">Forward production changes in the window: the deployments that frequency and failure rate count.</param>
/// <param name="Rollbacks">Rolled-back events on the target in the window (restorations; not counted as deployments).</param>
/// <param name="Unrestored">Failed changes with no good change after them yet.</param>
public sealed record DeliverySummary(
    string Model,
    int Changes,
    int Rollbacks,
    int FailedChanges,
    int Unrestored,
    double DeploymentsPerWeek,
    double DeploymentsPerDay,
    double? ChangeFailureRate,
    double? LeadTimeMedianHours,
    double? LeadTimeP90Hours,
    int LeadTimesMeasured,
    double? TimeToRestoreMedianHours,
    int RestoresMeasured);
