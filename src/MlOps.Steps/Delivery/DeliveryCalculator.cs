using MlOps.Registry.Audit;

namespace MlOps.Steps.Delivery;

/// <summary>
/// Computes the delivery metrics from audit events alone (plus when each version's training started), so they can
/// be tested on synthetic histories with known answers: no registry, no clock, no files.
/// </summary>
public static class DeliveryCalculator
{
    public const string AllModels = "all";

    /// <param name="events">The trail in line order (seq), as read and verified.</param>
    /// <param name="trainingStart">When training of a version started (run.json startedAt), null if not recorded.</param>
    /// <param name="model">Only this model; null for all.</param>
    public static DeliveryReport Compute(IReadOnlyList<AuditEvent> events, Func<string, int, DateTime?> trainingStart,
        DeliveryTarget target, DeliveryWindow window, string? model = null)
    {
        // Events after "now" are ignored, so a history can be replayed as of any moment.
        var known = events.Where(e => e.Time <= window.To && (model is null || e.Model == model)).OrderBy(e => e.Seq).ToList();
        var changes = new List<ProductionChange>();
        var rollbacks = new Dictionary<string, int>();
        foreach (var name in known.Select(e => e.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var mine = known.Where(e => e.Model == name).ToList();
            var track = Transitions(mine, target);
            var failures = track.Select((t, i) => Failure(track, i, mine, target)).ToList();
            for (var i = 0; i < track.Count; i++)
            {
                var e = track[i];
                if (e.Time < window.From) continue;
                if (e.Event == AuditEventKinds.RolledBack) rollbacks[name] = rollbacks.GetValueOrDefault(name) + 1;
                if (e.Event != target.ForwardKind) continue;
                changes.Add(Change(e, i, track, failures, mine, trainingStart));
            }
        }
        var models = changes.Select(c => c.Model).Concat(rollbacks.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(m => Summarize(m, changes.Where(c => c.Model == m).ToList(), rollbacks.GetValueOrDefault(m), window))
            .ToList();
        var all = Summarize(AllModels, changes, rollbacks.Values.Sum(), window);
        return new DeliveryReport(target.ToString(), window, LeadTimeFrom, all, models, changes, Notes(changes));
    }

    public const string LeadTimeFrom =
        "training start (run.json startedAt), else registration time: mlops train records the commit hash, not the time of the commit";

    /// <summary>
    /// The moves of the target that changed what production runs: forward changes, rollbacks and removals. A
    /// re-promotion or re-deployment of the version already there changes nothing and is dropped.
    /// </summary>
    private static List<AuditEvent> Transitions(List<AuditEvent> events, DeliveryTarget target)
    {
        var result = new List<AuditEvent>();
        int? current = null;
        foreach (var e in events.Where(target.Concerns))
        {
            if (e.Event == target.RemovalKind)
            {
                if (current is null) continue;
                current = null;
                result.Add(e);
            }
            else if ((e.Event == target.ForwardKind || e.Event == AuditEventKinds.RolledBack) && e.Version is { } v && v != current)
            {
                current = v;
                result.Add(e);
            }
        }
        return result;
    }

    /// <summary>
    /// A forward change failed when the next move of production is a rollback, or a gate failed on that version
    /// while it was in production (before the next move). The earliest such signal is when it failed.
    /// </summary>
    private static (string By, DateTime At)? Failure(List<AuditEvent> track, int i, List<AuditEvent> events, DeliveryTarget target)
    {
        var change = track[i];
        if (change.Event != target.ForwardKind) return null;
        var next = i + 1 < track.Count ? track[i + 1] : null;
        var gate = events.FirstOrDefault(e => e.Event == AuditEventKinds.GateFailed && e.Version == change.Version
            && e.Seq > change.Seq && (next is null || e.Seq < next.Seq));
        if (gate is not null) return (AuditEventKinds.GateFailed, gate.Time);
        if (next?.Event == AuditEventKinds.RolledBack) return ($"{AuditEventKinds.RolledBack} to {next.Version}", next.Time);
        return null;
    }

    private static ProductionChange Change(AuditEvent e, int i, List<AuditEvent> track, List<(string By, DateTime At)?> failures,
        List<AuditEvent> events, Func<string, int, DateTime?> trainingStart)
    {
        var version = e.Version!.Value;
        var trained = trainingStart(e.Model, version);
        var registered = events.FirstOrDefault(r => r.Event == AuditEventKinds.Registered && r.Version == version)?.Time;
        var (leadFrom, start) = trained is { } t ? ("training", t) : registered is { } r ? ("registration", r) : ((string?)null, default(DateTime));
        var failure = failures[i];
        DateTime? restored = null;
        if (failure is not null)
        {
            // The next good change: a rollback (back to a version production ran before), or a forward change that
            // did not fail itself. A demotion alone leaves production without the model, which is not a restore.
            for (var j = i + 1; j < track.Count && restored is null; j++)
                if (track[j].Event == AuditEventKinds.RolledBack || (track[j].Event == track[i].Event && failures[j] is null))
                    restored = track[j].Time;
        }
        return new ProductionChange(e.Model, version, e.Seq, e.Time, e.Previous,
            leadFrom, leadFrom is null ? null : Hours(e.Time - start),
            failure?.By, failure?.At, restored, restored is { } at ? Hours(at - e.Time) : null);
    }

    private static DeliverySummary Summarize(string model, List<ProductionChange> changes, int rollbacks, DeliveryWindow window)
    {
        var leads = changes.Where(c => c.LeadTimeHours is not null).Select(c => c.LeadTimeHours!.Value).ToList();
        var restores = changes.Where(c => c.TimeToRestoreHours is not null).Select(c => c.TimeToRestoreHours!.Value).ToList();
        var failed = changes.Count(c => c.Failed);
        return new DeliverySummary(model, changes.Count, rollbacks, failed, changes.Count(c => c.Failed && c.RestoredAt is null),
            Math.Round(changes.Count / (window.Days / 7), 3), Math.Round(changes.Count / window.Days, 3),
            changes.Count == 0 ? null : Math.Round((double)failed / changes.Count, 4),
            Round(DeliveryStats.Median(leads)), Round(DeliveryStats.Percentile(leads, 0.9)), leads.Count,
            Round(DeliveryStats.Median(restores)), restores.Count);
    }

    private static List<string> Notes(List<ProductionChange> changes)
    {
        var notes = new List<string>();
        var fallback = changes.Where(c => c.LeadFrom == "registration").Select(c => $"{c.Model}:{c.Version}").Distinct().ToList();
        if (fallback.Count > 0)
            notes.Add($"lead time from registration (no run.json startedAt) for {string.Join(", ", fallback)}");
        var unknown = changes.Where(c => c.LeadFrom is null).Select(c => $"{c.Model}:{c.Version}").Distinct().ToList();
        if (unknown.Count > 0)
            notes.Add($"no lead time for {string.Join(", ", unknown)}: neither training start nor registration is recorded");
        foreach (var open in changes.Where(c => c.Failed && c.RestoredAt is null))
            notes.Add($"{open.Model}:{open.Version} failed ({open.FailedBy}) at {open.FailedAt:yyyy-MM-dd HH:mm}Z and production has not been restored since");
        return notes;
    }

    private static double Hours(TimeSpan span) => Math.Round(span.TotalHours, 3);

    private static double? Round(double? hours) => hours is { } h ? Math.Round(h, 3) : null;
}
