using MlOps.Steps.Train;

namespace MlOps.Steps.Lineage;

/// <summary>
/// Everything known about where a model version came from and where it went, as `mlops lineage --format json`
/// prints it (fields documented in README.md, section Lineage). A field is null when the fact was not recorded (e.g. no CI,
/// no git); nothing is filled in by guessing.
/// </summary>
public sealed record LineageRecord(
    string Model,
    int Version,
    string Reference,
    LineageRegistration Registration,
    LineageCode? Code,
    LineageTraining? Training,
    IReadOnlyList<DataFileRecord> Data,
    LineageSchema? Schema,
    LineageProfile? Profile,
    LineageMetrics? Metrics,
    LineageGate? Gate,
    LineageBaseline? Baseline,
    IReadOnlyList<LineageEvent> Aliases,
    IReadOnlyList<LineageEvent> Deployments,
    LineageAuditStatus Audit);
