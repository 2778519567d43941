using MlOps.Registry.Audit;

namespace MlOps.Steps.Audit;

/// <summary>
/// Finds the gate decision a registration, promotion or deployment rests on: the newest gate event of the model
/// whose candidate was this version, or the same model file (a gate usually runs on the training folder, before the
/// model is registered, so the file's SHA-256 is what ties the two together).
/// </summary>
public static class GateEvidence
{
    public const string CandidateSha256 = "candidate.sha256";

    public static AuditLine? Find(AuditVerification trail, string model, int? version, string? modelSha256) =>
        trail.Lines.LastOrDefault(l =>
            l.Event is { Event: AuditEventKinds.GatePassed or AuditEventKinds.GateFailed } e && e.Model == model
            && ((version is not null && e.Version == version)
                || (modelSha256 is not null && e.Details?.GetValueOrDefault(CandidateSha256) == modelSha256)));

    /// <summary>The "why" to stamp on an event: the gate's verdict and report, or a plain statement that there was none.</summary>
    public static AuditContext Why(AuditContext who, AuditLine? gate) =>
        gate is null
            ? who with { Reason = "no gate decision recorded for this model" }
            : who with { Reason = $"{gate.Event.Reason} (audit seq {gate.Event.Seq})", Report = gate.Event.Report, ReportSha256 = gate.Event.ReportSha256 };
}
