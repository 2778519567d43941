using System.Globalization;
using MlOps.CiHosts;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Reports.Monitor;
using MlOps.Steps.Common;

namespace MlOps.Steps.Audit;

/// <summary>Records a monitoring verdict (monitored) with the report's hash and the retrain run it started, if any.</summary>
public sealed class MonitorAuditRecorder(StepContext context)
{
    public async Task RecordAsync(IModelRegistry registry, string name, ResolvedModel model, MonitorReport report, string json, CancellationToken ct)
    {
        var trail = AuditIdentity.TrailOf(registry, AuditIdentity.From(context.Host));
        if (trail is null) return;
        var details = new Dictionary<string, string>
        {
            ["status"] = report.Status,
            ["rows"] = report.Log.Rows.ToString(CultureInfo.InvariantCulture),
            ["model.sha256"] = model.Sha256,
        };
        if (report.RetrainRun is { } run)
        {
            details["retrain.trigger"] = run.Trigger;
            details["retrain.run"] = run.Id;
            if (run.Url is not null) details["retrain.url"] = run.Url;
        }
        try
        {
            await trail.AppendAsync(new AuditEvent(AuditEventKinds.Monitored, name, AuditIdentity.VersionOf(model.RegistryVersion))
            {
                Reason = report.Verdict,
                Report = json,
                ReportSha256 = FileHash.Sha256(json),
                Details = details,
            }, ct);
        }
        // The verdict stands without the trail (a read-only registry on a monitoring agent); say so rather than fail.
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or RegistryException)
        {
            context.Host.LogIssue(IssueSeverity.Warning, $"the monitoring verdict was not added to the audit trail {trail.LogPath}: {failure.Message}");
        }
    }
}
