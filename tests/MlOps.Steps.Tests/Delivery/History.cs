using MlOps.Registry.Audit;

namespace MlOps.Steps.Tests.Delivery;

/// <summary>
/// Builds a synthetic audit history in memory: events get consecutive seq numbers in the order they are added and
/// exactly the times given, so every metric can be computed by hand. Times are "day D at hour H" of November 2025.
/// </summary>
public sealed class History
{
    private readonly List<AuditEvent> _events = [];
    private readonly Dictionary<(string, int), DateTime> _trained = [];

    public IReadOnlyList<AuditEvent> Events => _events;

    public static DateTime Nov(int day, int hour = 0) => new(2025, 11, day, hour, 0, 0, DateTimeKind.Utc);

    public DateTime? TrainingStart(string model, int version) => _trained.TryGetValue((model, version), out var t) ? t : null;

    public History Trained(string model, int version, DateTime at)
    {
        _trained[(model, version)] = at;
        return this;
    }

    public History Registered(string model, int version, DateTime at) => Add(new AuditEvent(AuditEventKinds.Registered, model, version), at);

    public History Promoted(string model, int version, DateTime at, int? previous, string alias = "production") =>
        Add(new AuditEvent(AuditEventKinds.Promoted, model, version) { Alias = alias, Previous = previous }, at);

    public History RolledBack(string model, int version, DateTime at, int previous, string alias = "production") =>
        Add(new AuditEvent(AuditEventKinds.RolledBack, model, version) { Alias = alias, Previous = previous }, at);

    public History Demoted(string model, int version, DateTime at, string alias = "production") =>
        Add(new AuditEvent(AuditEventKinds.Demoted, model, version) { Alias = alias }, at);

    public History GateFailed(string model, int version, DateTime at) => Add(new AuditEvent(AuditEventKinds.GateFailed, model, version), at);

    public History Deployed(string model, int version, DateTime at, string env, int? previous) =>
        Add(new AuditEvent(AuditEventKinds.Deployed, model, version) { Environment = env, Previous = previous }, at);

    public History EnvRolledBack(string model, int version, DateTime at, string env, int previous) =>
        Add(new AuditEvent(AuditEventKinds.RolledBack, model, version) { Environment = env, Previous = previous }, at);

    private History Add(AuditEvent e, DateTime at)
    {
        _events.Add(e with { Seq = _events.Count + 1, Time = at });
        return this;
    }
}
