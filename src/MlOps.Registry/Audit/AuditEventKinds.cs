namespace MlOps.Registry.Audit;

/// <summary>The values of <see cref="AuditEvent.Event"/>. Strings, not an enum, so a newer mlops's kinds still read.</summary>
public static class AuditEventKinds
{
    public const string Registered = "registered";
    public const string GatePassed = "gate-passed";
    public const string GateFailed = "gate-failed";
    /// <summary>An alias was pointed at a version (or moved forward to a newer one).</summary>
    public const string Promoted = "promoted";
    /// <summary>An alias was removed from a version.</summary>
    public const string Demoted = "demoted";
    /// <summary>An alias moved back to an older version, or an environment was deployed with an older version than it ran.</summary>
    public const string RolledBack = "rolled-back";
    public const string Deployed = "deployed";
    /// <summary>One step of a canary rollout was judged (Details: percent, verdict, requests, error rate, p99).</summary>
    public const string CanaryStep = "canary-step";
    public const string Undeployed = "undeployed";
    public const string TagsSet = "tags-set";
    /// <summary>A version was retired: still resolvable, no longer promotable.</summary>
    public const string Archived = "archived";
    /// <summary>`mlops monitor` judged a version's live traffic (Details: status, rows, and the retrain run it started, if any).</summary>
    public const string Monitored = "monitored";
    /// <summary>train --skip-if-unchanged found the data and settings of the aliased version: nothing was trained.</summary>
    public const string TrainingSkipped = "training-skipped";
}
