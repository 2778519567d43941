namespace MlOps.Reports.Monitor;

/// <summary>
/// monitor-report.json (schemaVersion 1, see docs/monitor-report-json.md): what live traffic says about a model
/// version — drift of every feature and of the predictions from the training profile, overall and per window, live
/// quality against the offline evaluation when labels arrived, and the verdict.
/// </summary>
/// <param name="Status">"ok", "retrain" or "insufficient-data".</param>
/// <param name="Reasons">Every crossed limit, one line each; empty unless <see cref="Status"/> is retrain.</param>
public sealed record MonitorReport(
    int SchemaVersion,
    string Title,
    string Status,
    string Verdict,
    bool Retrain,
    IReadOnlyList<string> Reasons,
    MonitoredModel Model,
    LogSummary Log,
    int MinRows,
    string? Window,
    IReadOnlyList<DriftRow> Features,
    DriftRow? Prediction,
    IReadOnlyList<WindowRow> Windows,
    QualitySection? Quality,
    RetrainRunInfo? RetrainRun,
    IReadOnlyList<string> Notes,
    DateTimeOffset CreatedAt)
{
    public const int CurrentSchema = 1;
    public const string StatusOk = "ok";
    public const string StatusRetrain = "retrain";
    public const string StatusInsufficient = "insufficient-data";
}

/// <param name="Version">Registry reference (NAME:VERSION) the log entries must carry; the path for an unregistered model.</param>
public sealed record MonitoredModel(string Reference, string Version, string Task, string Sha256);

/// <param name="Files">Log files read, in the order read.</param>
/// <param name="Entries">Requests read (well-formed lines of the monitored version).</param>
/// <param name="Rows">Rows analysed (rows of those requests that had every feature with the right type).</param>
/// <param name="Malformed">Lines or rows left out as malformed; <see cref="MalformedExamples"/> lists the first 20.</param>
/// <param name="OtherVersions">Entries of other model versions left out (--skip-other-versions).</param>
public sealed record LogSummary(
    IReadOnlyList<string> Files,
    long Entries,
    long Rows,
    DateTimeOffset? From,
    DateTimeOffset? To,
    long Malformed,
    IReadOnlyList<LogProblem> MalformedExamples,
    long OtherVersions,
    IReadOnlyDictionary<string, long> OtherVersionCounts);

/// <param name="Location">file:line, with the row inside the request when the problem is one row.</param>
public sealed record LogProblem(string Location, string Problem);

/// <param name="Passed">False when a gated limit is crossed.</param>
/// <param name="Detail">Which limit, in words, when one is crossed.</param>
public sealed record DriftRow(string Feature, string Kind, long Rows, double Psi, double? Ks, string? PsiLimit, string? KsLimit, bool Passed, string? Detail = null);

/// <param name="Gated">False for windows under min-rows: shown, not decided on.</param>
public sealed record WindowRow(int Index, string Label, DateTimeOffset? From, DateTimeOffset? To, long Rows, bool Gated, bool Passed,
    IReadOnlyList<DriftRow> Features, DriftRow? Prediction)
{
    /// <summary>The feature (or the prediction) that drifted most in this window, by PSI.</summary>
    public DriftRow? Worst => Features.Append(Prediction).OfType<DriftRow>().MaxBy(d => d.Psi);
}

/// <param name="LabeledRows">Logged rows a label was joined to.</param>
/// <param name="UnmatchedLabels">Labels whose request id (and row) is not in the analysed log.</param>
/// <param name="Offline">Where the offline metrics came from (audit event), or null when none is recorded.</param>
public sealed record QualitySection(long LabeledRows, long UnmatchedLabels, bool Gated, string? Offline, IReadOnlyList<QualityRow> Metrics);

/// <param name="Change">Live minus offline.</param>
/// <param name="Rule">The limit in words, e.g. "max drop 0.03 from offline 0.91" or ">= 0.8".</param>
/// <param name="Passed">Null when the metric has no rule (reported only) or could not be checked.</param>
public sealed record QualityRow(string Metric, string Title, bool HigherIsBetter, double Live, double? Offline, double? Change, string? Rule, bool? Passed);

/// <param name="Trigger">What was started (the trigger's description).</param>
public sealed record RetrainRunInfo(string Trigger, string Id, string? Url);
