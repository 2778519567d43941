using MlOps.Core.DataChecks;
using MlOps.Core.Gates;
using MlOps.Core.Metrics;
using MlOps.Core.Slicing;

namespace MlOps.Reports;

/// <summary>Identity of a model in a report. The SHA-256 pins exactly which artifact was scored.</summary>
public sealed record ModelIdentity(string Reference, string Path, string Sha256, string? Version);

public sealed record DataIdentity(string Path, string Sha256, int Rows);

public sealed record MetricRow(string Name, string Title, bool HigherIsBetter, double Candidate, double? Baseline)
{
    public double? Delta => Baseline is { } b ? Candidate - b : null;
}

/// <summary>Everything the evaluate and compare steps decided, as written to report.json and report.md.</summary>
public sealed record GateReport(
    string Title,
    string Verdict,
    bool Passed,
    string Task,
    ModelIdentity Candidate,
    ModelIdentity? Baseline,
    DataIdentity Data,
    IReadOnlyList<MetricRow> Metrics,
    IReadOnlyList<GateCheck> Gates,
    IReadOnlyList<string> Notes,
    DateTimeOffset CreatedAt,
    string CandidateLabel = "candidate",
    string BaselineLabel = "baseline",
    IReadOnlyList<SliceResult>? Slices = null,
    FairnessSummary? Fairness = null,
    ReportCharts? Charts = null,
    IReadOnlyList<DriftResult>? Drift = null,
    ClassBreakdown? Classes = null,
    ClassBreakdown? BaselineClasses = null,
    Online.OnlineAbSummary? Online = null)
{
    /// <summary>Raised when a field is removed or changes meaning; new fields keep the version. See docs/report-json.md.</summary>
    public const int CurrentSchemaVersion = 1;

    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
}

/// <summary>Curves for binary classification (null for other tasks), baseline's when there is one.</summary>
public sealed record ReportCharts(ModelCurves Candidate, ModelCurves? Baseline);
