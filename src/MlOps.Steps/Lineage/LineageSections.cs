using MlOps.Core.Modeling;

namespace MlOps.Steps.Lineage;

// The sections of a LineageRecord: plain data shapes of one JSON document, kept together so its layout reads in one place.

/// <param name="Intact">The artifacts' hash recomputed now equals the one recorded at registration.</param>
public sealed record LineageRegistration(DateTimeOffset At, string? By, string? Ci, string? RunUrl, string ContentSha256, bool Intact,
    string ArtifactPath, IReadOnlyList<string> CurrentAliases, IReadOnlyDictionary<string, string> Tags, long? AuditSeq);

public sealed record LineageCode(string? Repository, string? Commit, string? Branch, bool? Dirty);

public sealed record LineageTraining(string? RunUrl, string? RequestedBy, string? Ci, string Trainer, int Seed,
    IReadOnlyDictionary<string, string> Parameters, string ConfigPath, string ConfigSha256, DateTimeOffset StartedAt,
    double DurationSeconds, string MlopsVersion, string? ModelSha256);

public sealed record LineageSchema(string Task, string Label, string? Positive, IReadOnlyList<FeatureInfo> Features);

public sealed record LineageProfile(string File, string Sha256, int Rows, int Features);

/// <param name="Source">"gate report" (scored on the evaluation data) or "trainer" (what the trainer reported).</param>
public sealed record LineageMetrics(string Source, IReadOnlyDictionary<string, double> Values);

/// <param name="ReportIntact">The report file still exists and hashes to what the trail recorded; null when no file is named.</param>
public sealed record LineageGate(bool Passed, string? Verdict, string? Report, string? ReportSha256, bool? ReportIntact,
    DateTime At, string? By, string? RunUrl, long AuditSeq);

public sealed record LineageBaseline(string Reference, string? Sha256);

/// <summary>One audit event about this version: a promotion, demotion, deployment or rollback.</summary>
public sealed record LineageEvent(long Seq, DateTime At, string Event, string? Alias, string? Environment, int? Previous,
    string? By, string? RunUrl, string? Url, string? Reason);

/// <param name="Intact">The audit trail's hash chain and cross-checks passed; the facts above taken from it can be trusted as far as the trail can.</param>
public sealed record LineageAuditStatus(bool Intact, IReadOnlyList<string> Problems);
