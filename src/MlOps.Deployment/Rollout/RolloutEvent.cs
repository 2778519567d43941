namespace MlOps.Deployment.Rollout;

/// <summary>What a rollout reports as it goes, for the audit trail: each step's verdict, the promotion, a rollback.</summary>
/// <param name="Percent">The candidate's share of traffic when it happened.</param>
/// <param name="Measured">The step's numbers (requests, error rate, p99) when there were any.</param>
public sealed record RolloutEvent(RolloutEventKind Kind, string Environment, string Candidate, int Percent, string Detail,
    IReadOnlyDictionary<string, string> Measured);

public enum RolloutEventKind
{
    StepPassed,
    StepFailed,
    Promoted,
    RolledBack,
}

/// <summary>How a rollout ended: promoted (then <see cref="State"/> is what runs), or rolled back with the reason.</summary>
public sealed record RolloutOutcome(bool Promoted, string? Reason, DeploymentState? State);
