using MlOps.CiHosts;
using MlOps.CiHosts.PullRequests;
using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Core.Diagnostics;
using MlOps.Core.Errors;
using MlOps.Core.Gates;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;
using MlOps.Core.Slicing;
using MlOps.Core.Statistics;
using MlOps.Models;
using MlOps.Reports;
using MlOps.Steps.Common;

namespace MlOps.Steps.Evaluate;

/// <summary>
/// Scores the candidate, and the baseline (by default the model aliased <c>production</c>) on the same rows,
/// applies the thresholds and non-inferiority margins of mlops.yml and writes the gate report; with a
/// <paramref name="pullRequest"/> reporter, also puts the verdict on the PR (status + one comment updated in place).
/// </summary>
public sealed class EvaluateStep(StepContext context, IPullRequestReporter? pullRequest = null)
{
    public async Task<EvaluateResult> RunAsync(EvaluateOptions options, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(options.ConfigPath);
        var dataPath = options.DataPath is not null ? Path.GetFullPath(options.DataPath) : config.Data.Test
            ?? throw new InvalidInputException($"{options.ConfigPath}: data.test is not set and --data was not given; name the CSV to evaluate on");
        var registry = RegistryLocator.Open(config, options.RegistryPath);
        var candidate = await ResolvedModel.ResolveAsync(options.ModelReference, registry, ct);
        var notes = new List<string>();
        var baseline = await FindBaselineAsync(config, options, registry, notes, ct);
        if (baseline is not null && baseline.Sha256 == candidate.Sha256)
            notes.Add($"the baseline {baseline.Reference} is the same model file as the candidate (sha256 {baseline.Sha256[..12]}); the comparison shows no change by construction");

        context.Host.BeginGroup($"evaluate {config.Model.Name}");
        try
        {
            context.Host.SetProgress(10, "scoring");
            var scored = PairedScoring.Score(dataPath, candidate.Path, baseline?.Path, notes);
            var task = scored.First.Card.Task;
            if (task != config.Model.Task)
                throw new InvalidInputException($"model '{candidate.Reference}' is a {task.ToName()} model but mlops.yml says {config.Model.Task.ToName()}");
            var (c, b) = (scored.First, scored.Second);
            // The bootstrap keeps every core busy in its own parallel loop; slices, fairness, data checks and the curves
            // run on one core for long stretches, so they go beside it, on the pool, and fill its gaps.
            var (gates, analyses) = Concurrently.Both(
                () =>
                {
                    IReadOnlyDictionary<string, DifferenceEstimate>? significance;
                    using (PhaseTimer.Measure("paired bootstrap"))
                        significance = b is not null && config.Evaluate.Significance.Enabled ? Significance(c, b, config) : null;
                    return GateEvaluator.Evaluate(task, c.Metrics, config.Evaluate.Thresholds,
                        b?.Metrics, config.Evaluate.Baseline.Margins, significance, config.Evaluate.Significance.Rule);
                },
                () => RowAnalyses.Run(config, c, b, candidate, baseline, dataPath));
            var (slices, sliceChecks, fairness, fairnessChecks) = (analyses.Slices, analyses.SliceChecks, analyses.Fairness, analyses.FairnessChecks);
            notes.AddRange(analyses.SliceNotes);
            var signatureChecks = b is null ? [] : SignatureChecks(b.Card, c.Card, config.Evaluate.AllowBreakingSignature, notes);
            var (drift, dataChecks) = (analyses.Drift, analyses.DataChecks);
            notes.AddRange(analyses.DataNotes);
            var outcome = new GateOutcome([.. gates.Checks, .. sliceChecks, .. fairnessChecks, .. signatureChecks, .. dataChecks]);
            if (baseline is null && config.Evaluate.Baseline.Enabled && options.BaselineReference is null)
                notes.Insert(0, $"no model has the alias '{config.Evaluate.Baseline.Alias}' yet: gated on absolute thresholds alone (first run)");

            foreach (var small in slices.Where(s => !s.Gated).GroupBy(s => s.Column))
                notes.Add($"slices of '{small.Key}' under {config.Evaluate.Slices.MinSize} rows are reported, not gated: {string.Join(", ", small.Select(s => $"{s.Value} ({s.Rows})"))}");
            context.Host.SetProgress(90, "reports");
            using var reportTimer = PhaseTimer.Measure("reports");
            var report = BuildReport(config, task, candidate, baseline, new DataIdentity(dataPath, analyses.DataSha256, scored.Rows), scored, outcome, notes)
                with
                {
                    Slices = slices, Fairness = fairness, Charts = analyses.Charts, Drift = drift,
                    Classes = task == ModelTask.MulticlassClassification ? ClassBreakdown.Compute(c.Predictions, c.Labels.ClassIndex!) : null,
                    BaselineClasses = task == ModelTask.MulticlassClassification && b is not null ? ClassBreakdown.Compute(b.Predictions, b.Labels.ClassIndex!) : null,
                };
            var directory = options.ReportDirectory is not null ? Path.GetFullPath(options.ReportDirectory) : Path.Combine(config.Directory, ".mlops", "report");
            var (json, markdown) = ReportFiles.Write(report, directory);
            await new Audit.GateAuditRecorder(context).RecordAsync(registry, config.Model.Name, report, json, ct);
            Announce(report, json, markdown);
            if (pullRequest is not null)
                await new PullRequestPublisher(context).PublishAsync(pullRequest, new PullRequestReport(config.Model.Name, report.Passed, report.Verdict,
                    context.Host.Redact(File.ReadAllText(markdown)), context.Host.Run.RunUrl) { Annotations = GateAnnotations(options.ConfigPath, report) }, ct);
            return new EvaluateResult(report, json, markdown);
        }
        finally
        {
            context.Host.EndGroup();
        }
    }

    /// <summary>A breaking change to what callers send or receive fails the gate unless evaluate.signature.allow-breaking is set.</summary>
    private static List<GateCheck> SignatureChecks(ModelCard production, ModelCard candidate, bool allowBreaking, List<string> notes)
    {
        var changes = SignatureComparison.Compare(production, candidate);
        foreach (var change in changes.Where(c => !c.Breaking || allowBreaking))
            notes.Add($"signature: {change.What}{(change.Breaking ? " (breaking, allowed by evaluate.signature.allow-breaking)" : "")}");
        return changes.Where(c => c.Breaking && !allowBreaking).Select(c => new GateCheck(GateKind.Signature, "signature",
            "no breaking change to inputs or outputs", double.NaN, null, null, false,
            $"breaking signature change: {c.What} (set evaluate.signature.allow-breaking: true if callers are ready)")).ToList();
    }

    private IReadOnlyDictionary<string, DifferenceEstimate> Significance(PairedScoring.Scored candidate, PairedScoring.Scored baseline, MlOpsConfig config)
    {
        var settings = config.Evaluate.Significance;
        var margins = config.Evaluate.Baseline.Margins.ToDictionary(m => m.Metric, m => m.AbsoluteFor(baseline.Metrics[m.Metric]));
        context.Host.SetProgress(50, $"paired bootstrap: {settings.Resamples} resamples of {candidate.Labels.Count} rows");
        return PairedBootstrap.Estimate(new PairedSample(candidate.Predictions, baseline.Predictions, candidate.Labels), margins, settings);
    }

    private static async Task<ResolvedModel?> FindBaselineAsync(MlOpsConfig config, EvaluateOptions options,
        Registry.IModelRegistry registry, List<string> notes, CancellationToken ct)
    {
        if (options.BaselineReference is not null)
            return await ResolvedModel.ResolveAsync(options.BaselineReference, registry, ct);
        if (!config.Evaluate.Baseline.Enabled)
        {
            notes.Add("baseline comparison is turned off (evaluate.baseline: false)");
            return null;
        }
        var alias = await TryAliasAsync(registry, config.Model.Name, config.Evaluate.Baseline.Alias, ct);
        return alias is null ? null : await ResolvedModel.ResolveAsync($"{config.Model.Name}@{config.Evaluate.Baseline.Alias}", registry, ct);
    }

    private static async Task<Registry.ModelVersion?> TryAliasAsync(Registry.IModelRegistry registry, string name, string alias, CancellationToken ct)
    {
        try
        {
            return await registry.TryGetByAliasAsync(name, alias, ct);
        }
        catch (Registry.RegistryException e) when (e.Kind == Registry.RegistryErrorKind.ModelNotFound)
        {
            return null;
        }
    }

    private static GateReport BuildReport(MlOpsConfig config, ModelTask task, ResolvedModel candidate, ResolvedModel? baseline,
        DataIdentity data, (PairedScoring.Scored First, PairedScoring.Scored? Second, int Rows) scored, GateOutcome outcome, List<string> notes)
    {
        var metrics = config.Evaluate.Metrics
            .Concat(outcome.Checks.Where(c => c.Kind is GateKind.Threshold or GateKind.Baseline).Select(c => c.Metric)).Distinct()
            .Select(name => MetricCatalog.Find(task, name)!)
            .Select(m => new MetricRow(m.Name, m.Title, m.HigherIsBetter, scored.First.Metrics[m.Name], scored.Second?.Metrics[m.Name]))
            .ToList();
        var regressed = outcome.Failures.Where(f => f.Kind is GateKind.Threshold or GateKind.Baseline or GateKind.Slice).Select(f => f.Metric).Distinct().ToList();
        var unfair = outcome.Failures.Where(f => f.Kind == GateKind.Fairness).Select(f => f.Metric).Distinct().ToList();
        var reasons = new List<string>();
        if (regressed.Count > 0) reasons.Add($"{string.Join(", ", regressed)} regressed");
        if (unfair.Count > 0) reasons.Add($"fairness {string.Join(", ", unfair)} out of bounds");
        if (outcome.Failures.Any(f => f.Kind == GateKind.Signature)) reasons.Add("breaking signature change");
        if (outcome.Failures.Any(f => f.Kind == GateKind.Data)) reasons.Add("data checks failed");
        var verdict = outcome.Passed
            ? (outcome.Checks.Count == 0 ? "passed (no gates configured)" : "quality gate passed")
            : $"quality gate failed: {string.Join("; ", reasons)}";
        return new GateReport($"mlops gate · {config.Model.Name}", verdict, outcome.Passed, task.ToName(),
            new ModelIdentity(candidate.Reference, candidate.Path, candidate.Sha256, candidate.RegistryVersion),
            baseline is null ? null : new ModelIdentity(baseline.Reference, baseline.Path, baseline.Sha256, baseline.RegistryVersion),
            data,
            metrics, outcome.Checks, notes, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// Each failed gate pinned to mlops.yml's <c>evaluate:</c> line, where gates are defined, so GitHub shows the
    /// failure on the config in the PR's diff. The config's per-key lines are not kept after loading: the section is
    /// as precise as this can honestly be.
    /// </summary>
    private static List<PullRequestAnnotation> GateAnnotations(string configPath, GateReport report)
    {
        var path = Path.GetFullPath(configPath);
        var index = File.ReadLines(path).Select((text, i) => (text, i)).FirstOrDefault(l => l.text.StartsWith("evaluate:", StringComparison.Ordinal)).i;
        return report.Gates.Where(g => !g.Passed)
            .Select(g => new PullRequestAnnotation(path, index + 1, $"{g.Kind.ToString().ToLowerInvariant()} gate: {g.Metric}", g.Message))
            .ToList();
    }

    private void Announce(GateReport report, string json, string markdown)
    {
        foreach (var note in report.Notes) context.Host.LogIssue(IssueSeverity.Warning, note);
        foreach (var gate in report.Gates)
            context.Say($"  {(gate.Passed ? "pass" : "FAIL")}  {gate.Message}");
        if (report.Gates.Count == 0)
            context.Say("  no gates configured: add evaluate.thresholds or a baseline to gate this model");
        context.Host.UploadSummary(context.Host.Redact(File.ReadAllText(markdown)));
        context.Host.SetOutput("gate_passed", report.Passed ? "true" : "false");
        context.Host.SetOutput("report_json", json);
        context.Say(report.Passed ? $"✔ {report.Verdict}" : $"✘ {report.Verdict}");
        context.Say($"  report: {markdown}");
        context.Say($"          {json}");
        context.Say($"          {Path.Combine(Path.GetDirectoryName(json)!, "report.html")}");
        if (!report.Passed)
            context.Host.LogIssue(IssueSeverity.Error, report.Verdict);
    }
}
