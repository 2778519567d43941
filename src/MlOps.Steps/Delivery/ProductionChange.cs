namespace MlOps.Steps.Delivery;

/// <summary>
/// One forward change of production in the window (a promotion, or a deployment with --env) and what followed it.
/// Durations are null when they cannot be measured; nothing is estimated.
/// </summary>
/// <param name="Seq">The audit line of the change.</param>
/// <param name="Previous">The version production had before, null if none.</param>
/// <param name="LeadFrom">What the lead time starts at: "training" (run.json startedAt) or "registration"; null if neither is known.</param>
/// <param name="FailedBy">What made it a failed change: "rolled-back" (to version N) or "gate-failed"; null if it did not fail.</param>
/// <param name="RestoredAt">The next good production change after a failure; null if not (yet) restored.</param>
public sealed record ProductionChange(
    string Model,
    int Version,
    long Seq,
    DateTime At,
    int? Previous,
    string? LeadFrom,
    double? LeadTimeHours,
    string? FailedBy,
    DateTime? FailedAt,
    DateTime? RestoredAt,
    double? TimeToRestoreHours)
{
    public bool Failed => FailedBy is not null;
}
