using MlOps.CiHosts;
using MlOps.CiHosts.Retrain;
using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Core.Errors;
using MlOps.Core.Gates;
using MlOps.Core.Modeling;
using MlOps.Models;
using MlOps.Registry;
using MlOps.Reports.Monitor;
using MlOps.Steps.Audit;
using MlOps.Steps.Common;

namespace MlOps.Steps.Monitor;

/// <summary>
/// `mlops monitor`: streams the scoring server's request log, measures drift of every feature and of the predictions
/// from the version's training profile (overall and per window), joins labels when given for live quality against
/// the offline evaluation, applies monitor: of mlops.yml and decides whether the model needs retraining — and with
/// --trigger starts the retrain pipeline through <paramref name="trigger"/>.
/// </summary>
public sealed class MonitorStep(StepContext context, IRetrainTrigger? trigger = null)
{
    private const int MaxListed = 20;

    public async Task<MonitorResult> RunAsync(MonitorOptions options, CancellationToken ct = default)
    {
        // Everything a user can get wrong is checked before the log is read, so a typo costs no time.
        if (options.Trigger && trigger is null)
            throw new InvalidInputException("--trigger: no retrain trigger configured: add retrain.trigger to mlops.yml");
        var config = options.ConfigPath is not null ? ConfigLoader.Load(options.ConfigPath) : null;
        var registry = RegistryLocator.Open(config, options.RegistryPath);
        var model = await ResolvedModel.ResolveAsync(options.ModelReference, registry, ct);
        var card = ModelLoader.ReadCard(model.Path);
        if (config is not null && card.Name != config.Model.Name)
            throw new InvalidInputException($"model '{options.ModelReference}' is '{card.Name}' but {options.ConfigPath} is for '{config.Model.Name}'");
        var settings = config?.Monitor ?? MonitorSection.Default(card.Task);
        var window = WindowOf(options.Window, settings);
        var profile = DataProfile.TryRead(ModelLoader.FolderOf(model.Path))
            ?? throw new InvalidInputException($"model '{options.ModelReference}' has no training profile ({DataProfile.FileName}); retrain it with this mlops to monitor it");
        var files = RequestLogFiles.List(options.LogPath, "--log");
        var labels = options.LabelsPath is null ? null : LiveLabels.Load(options.LabelsPath, card.Label, card.Task);
        var expectedVersion = model.RegistryVersion ?? model.Reference;
        var notes = new List<string>();
        if (profile.Prediction is null)
            notes.Add($"the training profile of {expectedVersion} has no prediction distribution (trained before mlops recorded it): prediction drift is not checked");

        context.Host.BeginGroup($"monitor {expectedVersion}");
        try
        {
            var features = profile.Features.Where(f => card.Features.Any(c => c.Name == f.Name)).ToList();
            var read = ReadLogs(files, features, profile.Prediction, card, expectedVersion, window, labels, options.SkipOtherVersions, ct);
            context.Host.SetProgress(80, "drift and quality");
            var report = BuildReport(card, model, expectedVersion, settings, window, read, features, labels, registry, notes);
            if (report.Retrain && options.Trigger)
                report = report with { RetrainRun = await TriggerAsync(card.Name, expectedVersion, report, ct) };
            var directory = Path.GetFullPath(options.OutputDirectory ?? Path.Combine(config?.Directory ?? ".", ".mlops", "monitor"));
            var (json, markdown, html) = MonitorReportFiles.Write(report, directory, settings.Drift.Psi?.Value);
            await new MonitorAuditRecorder(context).RecordAsync(registry, card.Name, model, report, json, ct);
            Announce(report, json, markdown, html, options.Format);
            return new MonitorResult(report, json, markdown, html);
        }
        finally
        {
            context.Host.EndGroup();
        }
    }

    private static MonitorWindowSpec? WindowOf(string? text, MonitorSection settings)
    {
        if (text is null) return settings.Window;
        return MonitorWindowSpec.TryParse(text, out var error) ?? throw new InvalidInputException($"--window: {error}");
    }

    /// <summary>Counts gathered in one pass over the log.</summary>
    private sealed class LogRead(IReadOnlyList<FeatureProfile> features, FeatureProfile? prediction)
    {
        public MonitorScope Overall { get; } = new(features, prediction);
        public SortedDictionary<long, MonitorScope> Windows { get; } = new();
        public long Entries, Malformed, OtherVersions, Lines;
        public List<LogProblem> Problems { get; } = [];
        public Dictionary<string, long> OtherVersionCounts { get; } = new(StringComparer.Ordinal);
        public List<LoggedRow> Labeled { get; } = [];
        public IReadOnlyList<string> Files { get; init; } = [];

        public MonitorScope WindowFor(long key) =>
            Windows.TryGetValue(key, out var scope) ? scope : Windows[key] = new MonitorScope(features, prediction);

        public void Problem(LogProblem p)
        {
            Malformed++;
            if (Problems.Count < MaxListed) Problems.Add(p);
        }
    }

    private LogRead ReadLogs(IReadOnlyList<string> files, IReadOnlyList<FeatureProfile> features, FeatureProfile? prediction, ModelCard card,
        string expectedVersion, MonitorWindowSpec? window, LiveLabels? labels, bool skipOtherVersions, CancellationToken ct)
    {
        var reader = new RequestLogReader(features, card);
        var read = new LogRead(features, prediction) { Files = files };
        for (var f = 0; f < files.Count; f++)
        {
            var display = files[f];
            context.Host.SetProgress(5 + 70 * f / files.Count, $"reading {display}");
            foreach (var item in reader.Read(files[f], display))
            {
                ct.ThrowIfCancellationRequested();
                read.Lines++;
                if (item.Problem is { } problem) { read.Problem(problem); continue; }
                var request = item.Request!;
                if (request.ModelVersion != expectedVersion)
                {
                    if (!skipOtherVersions)
                        throw new InvalidInputException(
                            $"{request.Location}: this entry was scored by model version '{request.ModelVersion}', but '{expectedVersion}' is being monitored; " +
                            "monitor that version, or pass --skip-other-versions to leave such entries out");
                    read.OtherVersions++;
                    read.OtherVersionCounts[request.ModelVersion] = read.OtherVersionCounts.GetValueOrDefault(request.ModelVersion) + 1;
                    continue;
                }
                read.Entries++;
                foreach (var p in request.RowProblems) read.Problem(p);
                foreach (var row in request.Rows)
                {
                    var key = window?.Span is { } span ? request.Time.UtcTicks / span.Ticks : window?.Rows is { } n ? read.Overall.Rows / n : 0;
                    read.Overall.Add(row, request.Time);
                    if (window is not null) read.WindowFor(key).Add(row, request.Time);
                    if (labels?.Join(request.RequestId, row.Index) == true) read.Labeled.Add(row);
                }
            }
        }
        if (read.Lines == 0)
            throw new InvalidInputException($"{string.Join(", ", files)}: the request log is empty; is the server running with --request-log, and has it scored anything yet?");
        return read;
    }

    private MonitorReport BuildReport(ModelCard card, ResolvedModel model, string version, MonitorSection settings, MonitorWindowSpec? window,
        LogRead read, IReadOnlyList<FeatureProfile> features, LiveLabels? labels, IModelRegistry registry, List<string> notes)
    {
        var overall = Drift(read.Overall, settings);
        var windows = read.Windows.Select((kv, i) =>
        {
            var scope = kv.Value;
            var (f, p) = Drift(scope, settings);
            var gated = scope.Rows >= settings.MinRows;
            var label = window?.Span is { } span
                ? $"{new DateTimeOffset(kv.Key * span.Ticks, TimeSpan.Zero):yyyy-MM-dd HH:mm} +{window.Text}"
                : $"rows {kv.Key * window!.Rows!.Value + 1}–{kv.Key * window.Rows.Value + scope.Rows}";
            return new WindowRow(i, label, scope.From, scope.To, scope.Rows, gated, f.All(d => d.Passed) && p?.Passed != false, f, p);
        }).ToList();
        if (windows.Any(w => !w.Gated))
            notes.Add($"windows under {settings.MinRows} rows (monitor.min-rows) are shown but not decided on");

        var quality = labels is null ? null : LiveQuality.Measure(card, model, labels, read.Labeled, settings, registry, notes);
        if (read.Malformed > 0)
            context.Host.LogIssue(IssueSeverity.Warning, $"{read.Malformed} malformed log lines or rows were left out; first: {read.Problems[0].Location}: {read.Problems[0].Problem}");

        var reasons = new List<string>();
        var enough = read.Overall.Rows >= settings.MinRows;
        if (enough)
        {
            reasons.AddRange(overall.Features.Append(overall.Prediction).OfType<DriftRow>().Where(d => !d.Passed).Select(d => $"{d.Detail} (all {d.Rows} rows)"));
            // The newest decided window: drift that has just begun is diluted in the overall figure.
            if (windows.LastOrDefault(w => w.Gated) is { Passed: false } latest)
                reasons.AddRange(latest.Features.Append(latest.Prediction).OfType<DriftRow>().Where(d => !d.Passed).Select(d => $"{d.Detail} (latest window {latest.Label})"));
            if (quality is { Gated: true })
                reasons.AddRange(quality.Metrics.Where(m => m.Passed == false).Select(m => $"live {m.Metric} {GateEvaluator.F(m.Live)} breaks {m.Rule}"));
        }
        var status = !enough ? MonitorReport.StatusInsufficient : reasons.Count > 0 ? MonitorReport.StatusRetrain : MonitorReport.StatusOk;
        var verdict = status switch
        {
            MonitorReport.StatusInsufficient => $"insufficient data: {read.Overall.Rows} rows logged, monitor.min-rows is {settings.MinRows}; nothing decided",
            MonitorReport.StatusRetrain => $"retrain: {reasons[0]}{(reasons.Count > 1 ? $" (and {reasons.Count - 1} more)" : "")}",
            _ => "no retrain needed: drift and quality are within the limits",
        };
        var log = new LogSummary(read.Files.Select(Path.GetFullPath).ToList(), read.Entries, read.Overall.Rows, read.Overall.From, read.Overall.To, read.Malformed, read.Problems,
            read.OtherVersions, read.OtherVersionCounts);
        return new MonitorReport(MonitorReport.CurrentSchema, $"mlops monitor · {card.Name}", status, verdict, status == MonitorReport.StatusRetrain, reasons,
            new MonitoredModel(model.Reference, version, card.Task.ToName(), model.Sha256), log, settings.MinRows, window?.Text,
            overall.Features, overall.Prediction, windows, quality, null, notes, DateTimeOffset.UtcNow);
    }

    private static (List<DriftRow> Features, DriftRow? Prediction) Drift(MonitorScope scope, MonitorSection settings) =>
        (scope.Features.Select(a => Row(a, settings.Drift)).ToList(), scope.Prediction is { } p ? Row(p, settings.PredictionDrift, "prediction") : null);

    private static DriftRow Row(DriftAccumulator a, DriftRules rules, string? what = null)
    {
        var psi = a.Psi();
        var ks = a.Ks();
        var failed = new List<string>();
        var name = what ?? $"'{a.Feature}'";
        if (a.Rows > 0 && rules.Psi is { } p && !p.IsMet(psi)) failed.Add($"PSI of {name} {GateEvaluator.F(psi)} breaks {p.Text}");
        if (a.Rows > 0 && rules.Ks is { } k && ks is { } ksValue && !k.IsMet(ksValue)) failed.Add($"KS of {name} {GateEvaluator.F(ksValue)} breaks {k.Text}");
        return new DriftRow(a.Feature, what is not null ? "prediction" : ColumnSchema.KindName(a.Kind), a.Rows, psi, ks,
            rules.Psi?.Text, rules.Ks?.Text, failed.Count == 0, failed.Count == 0 ? null : string.Join("; ", failed));
    }

    private async Task<RetrainRunInfo> TriggerAsync(string model, string version, MonitorReport report, CancellationToken ct)
    {
        // Only model and reason: the parameters the ready nightly-retrain pipelines declare (GitHub and Azure DevOps
        // both refuse a run with an undeclared input), so the monitored version travels inside the reason.
        var reason = $"{version}: {report.Reasons[0]}";
        context.Say($"starting retraining: {trigger!.Description}");
        try
        {
            var run = await trigger.TriggerAsync(new RetrainRequest(model, reason, new Dictionary<string, string>()), ct);
            return new RetrainRunInfo(trigger.Description, run.Id, run.Url);
        }
        catch (Exception e) when (e is not (MlOpsException or OperationCanceledException))
        {
            throw new ExternalFailureException($"retrain trigger ({trigger.Description}) failed: {e.Message}", e);
        }
    }

    private void Announce(MonitorReport report, string json, string markdown, string html, MonitorFormat format)
    {
        foreach (var note in report.Notes) context.Host.LogIssue(IssueSeverity.Warning, note);
        context.Host.UploadSummary(context.Host.Redact(File.ReadAllText(markdown)));
        context.Host.SetOutput("retrain", report.Retrain ? "true" : "false");
        context.Host.SetOutput("retrain_reason", report.Retrain ? string.Join("; ", report.Reasons) : "");
        context.Host.SetOutput("monitor_status", report.Status);
        context.Host.SetOutput("report_json", json);
        if (report.RetrainRun is { } run)
        {
            context.Host.SetOutput("retrain_run", run.Id);
            if (run.Url is not null) context.Host.SetOutput("retrain_run_url", run.Url);
        }
        switch (format)
        {
            case MonitorFormat.Json:
                context.Out.WriteLine(context.Host.Redact(File.ReadAllText(json)));
                return;
            case MonitorFormat.Markdown:
                context.Out.Write(context.Host.Redact(File.ReadAllText(markdown)));
                return;
        }
        context.Say($"{MonitorMarkdownWriter.Icon(report)} {report.Verdict}");
        foreach (var reason in report.Reasons) context.Say($"  - {reason}");
        context.Say($"  {report.Log.Rows} rows in {report.Log.Entries} requests; {report.Windows.Count} windows; {report.Log.Malformed} malformed, {report.Log.OtherVersions} other-version entries left out");
        if (report.RetrainRun is { } r) context.Say($"  retraining started: run {r.Id}{(r.Url is { } u ? $" {u}" : "")}");
        context.Say($"  report: {markdown}");
        context.Say($"          {json}");
        context.Say($"          {html}");
        if (report.Retrain) context.Host.LogIssue(IssueSeverity.Error, report.Verdict);
    }
}
