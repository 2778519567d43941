using System.Globalization;
using MlOps.CiHosts;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Reports;
using MlOps.Steps.Common;

namespace MlOps.Steps.Audit;

/// <summary>Records a gate decision (gate-passed / gate-failed) with the report's hash, the baseline and the metrics.</summary>
public sealed class GateAuditRecorder(StepContext context)
{
    public async Task RecordAsync(IModelRegistry registry, string modelName, GateReport report, string reportJson, CancellationToken ct)
    {
        var trail = AuditIdentity.TrailOf(registry, AuditIdentity.From(context.Host));
        if (trail is null) return;
        var details = new Dictionary<string, string>
        {
            ["candidate"] = report.Candidate.Reference,
            [GateEvidence.CandidateSha256] = report.Candidate.Sha256,
            ["data.sha256"] = report.Data.Sha256,
            ["data.rows"] = report.Data.Rows.ToString(CultureInfo.InvariantCulture),
        };
        if (report.Baseline is { } baseline)
        {
            details["baseline"] = baseline.Version ?? baseline.Reference;
            details["baseline.sha256"] = baseline.Sha256;
        }
        foreach (var metric in report.Metrics)
            details[$"metric.{metric.Name}"] = metric.Candidate.ToString("R", CultureInfo.InvariantCulture);
        var e = new AuditEvent(report.Passed ? AuditEventKinds.GatePassed : AuditEventKinds.GateFailed, modelName,
            AuditIdentity.VersionOf(report.Candidate.Version))
        {
            Reason = report.Verdict,
            Report = reportJson,
            ReportSha256 = FileHash.Sha256(reportJson),
            Details = details,
        };
        try
        {
            await trail.AppendAsync(e, ct);
        }
        // The verdict stands without the trail (a read-only registry on a PR agent); say so rather than fail the gate.
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or RegistryException)
        {
            context.Host.LogIssue(IssueSeverity.Warning, $"the gate decision was not added to the audit trail {trail.LogPath}: {failure.Message}");
        }
    }
}
