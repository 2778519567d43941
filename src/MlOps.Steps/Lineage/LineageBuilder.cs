using System.Globalization;
using MlOps.Core.DataChecks;
using MlOps.Core.Modeling;
using MlOps.Models;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Steps.Audit;
using MlOps.Steps.Common;
using MlOps.Steps.Train;

namespace MlOps.Steps.Lineage;

/// <summary>
/// Assembles a version's lineage from what was recorded along the way: the version itself (version.json, hashes),
/// the files registered with it (run.json, model.json, profile.json) and the audit trail (gate decision, baseline,
/// promotions, deployments).
/// </summary>
public static class LineageBuilder
{
    public static async Task<LineageRecord> BuildAsync(IModelRegistry registry, string reference, CancellationToken ct)
    {
        var version = await registry.ResolveAsync(reference, ct);
        var folder = version.ArtifactPath;
        var run = RunRecord.TryRead(folder);
        var card = File.Exists(Path.Combine(folder, ModelCard.FileName)) ? ModelLoader.ReadCard(folder) : null;
        var modelSha256 = version.Properties.GetValueOrDefault("model.sha256") ?? run?.ModelFile.Sha256;

        var trail = registry is LocalModelRegistry local ? await local.ReadAuditAsync(ct) : null;
        var mine = trail?.Lines.Where(l => l.Event.Model == version.Name && l.Event.Version == version.Version).ToList() ?? [];
        var registered = mine.FirstOrDefault(l => l.Event.Event == AuditEventKinds.Registered)?.Event;
        var gate = trail is null ? null : GateEvidence.Find(trail, version.Name, version.Version, modelSha256)?.Event;

        return new LineageRecord(
            version.Name, version.Version, version.Reference,
            new LineageRegistration(version.CreatedAt, registered?.Who, registered?.Ci, registered?.RunUrl, version.ContentSha256,
                ContentHash.Of(folder) == version.ContentSha256, folder, version.Aliases, version.Tags, registered?.Seq),
            run is null ? null : new LineageCode(run.Repository, run.Code.Commit, run.Code.Branch, run.Code.Dirty),
            run is null ? null : new LineageTraining(run.Ci?.RunUrl, run.Ci?.RequestedBy, run.Ci?.Host, run.Trainer, run.Seed, run.Parameters,
                run.ConfigPath, run.ConfigSha256, run.StartedAt, run.DurationSeconds, run.MlopsVersion, run.ModelFile.Sha256),
            run?.Data ?? [],
            card is null ? null : new LineageSchema(card.Task.ToName(), card.Label, card.Positive, card.Features),
            Profile(folder),
            Metrics(gate, run),
            gate is null ? null : Gate(gate),
            gate?.Details?.GetValueOrDefault("baseline") is { } baseline
                ? new LineageBaseline(baseline, gate.Details.GetValueOrDefault("baseline.sha256"))
                : null,
            mine.Where(l => l.Event.Alias is not null).Select(l => Event(l.Event)).ToList(),
            mine.Where(l => l.Event.Environment is not null).Select(l => Event(l.Event)).ToList(),
            trail is null
                ? new LineageAuditStatus(false, ["this registry keeps no audit trail"])
                : new LineageAuditStatus(trail.Intact, trail.Problems.Select(p => p.Message).ToList()));
    }

    private static LineageProfile? Profile(string folder)
    {
        var path = Path.Combine(folder, DataProfile.FileName);
        if (!File.Exists(path)) return null;
        var profile = DataProfile.TryRead(folder)!;
        return new LineageProfile(DataProfile.FileName, FileHash.Sha256(path), profile.Rows, profile.Features.Count);
    }

    private static LineageMetrics? Metrics(AuditEvent? gate, RunRecord? run)
    {
        var fromGate = gate?.Details?.Where(d => d.Key.StartsWith("metric.", StringComparison.Ordinal))
            .ToDictionary(d => d.Key["metric.".Length..], d => double.Parse(d.Value, CultureInfo.InvariantCulture));
        if (fromGate is { Count: > 0 }) return new LineageMetrics("gate report", fromGate);
        return run?.TrainerMetrics is { Count: > 0 } reported ? new LineageMetrics("trainer", reported) : null;
    }

    private static LineageGate Gate(AuditEvent gate)
    {
        bool? intact = gate.Report is null ? null : File.Exists(gate.Report) && FileHash.Sha256(gate.Report) == gate.ReportSha256;
        return new LineageGate(gate.Event == AuditEventKinds.GatePassed, gate.Reason, gate.Report, gate.ReportSha256, intact,
            gate.Time, gate.Who, gate.RunUrl, gate.Seq);
    }

    private static LineageEvent Event(AuditEvent e) =>
        new(e.Seq, e.Time, e.Event, e.Alias, e.Environment, e.Previous, e.Who, e.RunUrl, e.Details?.GetValueOrDefault("url"), e.Reason);
}
