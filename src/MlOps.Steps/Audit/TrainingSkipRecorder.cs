using MlOps.CiHosts;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Steps.Common;
using MlOps.Steps.Train;

namespace MlOps.Steps.Audit;

/// <summary>Records a skipped retrain (training-skipped) against the version it matched, so `mlops audit` shows why nothing new came.</summary>
public sealed class TrainingSkipRecorder(StepContext context)
{
    public async Task RecordAsync(IModelRegistry registry, string alias, RetrainDecision decision, TrainingInputs inputs, CancellationToken ct)
    {
        var trail = AuditIdentity.TrailOf(registry, AuditIdentity.From(context.Host));
        if (trail is null || decision.Baseline is not { } baseline) return;
        var e = new AuditEvent(AuditEventKinds.TrainingSkipped, baseline.Name, baseline.Version)
        {
            Alias = alias,
            Reason = $"training skipped: {decision.Reason}",
            Details = new Dictionary<string, string>
            {
                [TrainingInputs.DataProperty] = inputs.DataSha256,
                [TrainingInputs.SettingsProperty] = inputs.SettingsSha256,
            },
        };
        try
        {
            await trail.AppendAsync(e, ct);
        }
        // Skipping stands without the trail (a read-only registry); say so rather than fail the nightly run.
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or RegistryException)
        {
            context.Host.LogIssue(IssueSeverity.Warning, $"the skipped training was not added to the audit trail {trail.LogPath}: {failure.Message}");
        }
    }
}
