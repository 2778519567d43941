using System.Text.Json;
using MlOps.CiHosts;
using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Registry;
using MlOps.Registry.Audit;
using MlOps.Steps.Common;
using MlOps.Steps.Train;

namespace MlOps.Steps.Delivery;

/// <summary>The outcome: the report, or null when the trail did not verify and nothing was measured.</summary>
public sealed record DeliveryResult(DeliveryReport? Report, AuditVerification Verification)
{
    public bool Intact => Verification.Intact;
}

/// <summary>
/// `mlops metrics delivery`: verifies the audit trail first (metrics from a tampered trail would be evidence of
/// nothing, so it refuses like `mlops audit`, exit 1), then measures lead time, deployment frequency, change
/// failure rate and time to restore of production in the window.
/// </summary>
public sealed class DeliveryStep(StepContext context, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<DeliveryResult> RunAsync(DeliveryOptions options, CancellationToken ct = default)
    {
        // Arguments are checked before anything is read, so a typo is exit 2 even on a broken registry.
        var window = DeliveryWindow.Parse(options.Since, _clock.GetUtcNow().UtcDateTime);
        if (options.Model is not null && !RegistryNames.IsValidName(options.Model))
            throw new InvalidInputException($"--model '{options.Model}' is not a model name (letters, digits, '.', '_' or '-')");
        var target = options.Environment is { } env ? DeliveryTarget.Env(env) : DeliveryTarget.Alias(options.Alias);
        var config = options.ConfigPath is not null ? ConfigLoader.Load(options.ConfigPath) : null;
        if (RegistryLocator.Open(config, options.RegistryPath) is not LocalModelRegistry registry)
            throw new InvalidInputException("mlops metrics delivery reads the local registry's audit trail; this registry keeps none");

        var verification = await registry.ReadAuditAsync(ct);
        var logPath = Path.Combine(registry.RootPath, "events.jsonl");
        if (!verification.Intact)
        {
            foreach (var problem in verification.Problems)
                context.Host.LogIssue(IssueSeverity.Error, problem.Message, logPath, problem.LineNumber == 0 ? null : problem.LineNumber);
            context.Host.Fail($"audit trail broken, no delivery metrics computed; first: {verification.FirstProblem!.Message}");
            return new DeliveryResult(null, verification);
        }

        var starts = await TrainingStartsAsync(registry, verification, ct);
        var report = DeliveryCalculator.Compute(verification.Lines.Select(l => l.Event).ToList(),
            (model, version) => starts.TryGetValue((model, version), out var at) ? at : null, target, window, options.Model);
        context.Out.Write(context.Host.Redact(Render(report, options.Format)));
        return new DeliveryResult(report, verification);
    }

    private static string Render(DeliveryReport report, DeliveryFormat format) => format switch
    {
        DeliveryFormat.Json => JsonSerializer.Serialize(report, Lineage.LineageStep.Json) + Environment.NewLine,
        DeliveryFormat.Mermaid => DeliveryMermaid.Render(report),
        _ when report.Empty =>
            $"no changes to {report.Target} between {report.Window.From:yyyy-MM-dd HH:mm}Z and {report.Window.To:yyyy-MM-dd HH:mm}Z "
            + $"(--since {report.Window.Since}): nothing to measure{Environment.NewLine}",
        _ => DeliveryTable.Render(report),
    };

    /// <summary>
    /// run.json's startedAt of every version the trail registered: the earliest recorded moment of the change's
    /// journey to production (the commit's own time is not recorded). Missing or unreadable run.json → not known.
    /// </summary>
    private static async Task<Dictionary<(string, int), DateTime>> TrainingStartsAsync(LocalModelRegistry registry,
        AuditVerification trail, CancellationToken ct)
    {
        var starts = new Dictionary<(string, int), DateTime>();
        foreach (var e in trail.Lines.Select(l => l.Event).Where(e => e.Event == AuditEventKinds.Registered && e.Version is not null))
        {
            try
            {
                var version = await registry.GetAsync(e.Model, e.Version!.Value, ct);
                if (RunRecord.TryRead(version.ArtifactPath) is { } run)
                    starts[(e.Model, e.Version.Value)] = run.StartedAt.UtcDateTime;
            }
            catch (Exception failure) when (failure is RegistryException or IOException or JsonException)
            {
                // A version folder without a readable run.json: its lead time falls back to registration (and says so).
            }
        }
        return starts;
    }
}
