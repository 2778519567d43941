using MlOps.Registry.Audit;

namespace MlOps.Steps.Delivery;

/// <summary>
/// What "production" is: an alias (promotions and alias rollbacks, the default) or a deployment environment
/// (deployed / rolled-back / undeployed events). One or the other, never both: a promotion followed by its
/// deployment would otherwise count as two changes.
/// </summary>
public sealed record DeliveryTarget(string Name, bool IsEnvironment)
{
    public static DeliveryTarget Alias(string name) => new(name, false);

    public static DeliveryTarget Env(string name) => new(name, true);

    /// <summary>The event that moves the target forward (a new version to production).</summary>
    public string ForwardKind => IsEnvironment ? AuditEventKinds.Deployed : AuditEventKinds.Promoted;

    /// <summary>The event that takes the target away altogether.</summary>
    public string RemovalKind => IsEnvironment ? AuditEventKinds.Undeployed : AuditEventKinds.Demoted;

    public bool Concerns(AuditEvent e) => IsEnvironment ? e.Environment == Name : e.Alias == Name;

    public override string ToString() => IsEnvironment ? $"environment {Name}" : $"@{Name}";
}
