using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Core.Diagnostics;
using MlOps.Core.Gates;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;
using MlOps.Core.Slicing;
using MlOps.Models;
using MlOps.Reports;
using MlOps.Steps.Common;

namespace MlOps.Steps.Evaluate;

/// <summary>
/// Everything evaluate measures on the scored rows besides the paired bootstrap: slices, fairness, data checks (drift,
/// schema, invariants), the report's curves and the data file's hash. None of it depends on the bootstrap, and most of it
/// runs on one core, so <see cref="EvaluateStep"/> runs it beside the bootstrap's parallel loop instead of after it.
/// Notes are collected here rather than in the step's list, which the other thread does not touch.
/// </summary>
internal sealed record RowAnalyses(
    IReadOnlyList<SliceResult> Slices, IReadOnlyList<GateCheck> SliceChecks, List<string> SliceNotes,
    FairnessSummary? Fairness, IReadOnlyList<GateCheck> FairnessChecks,
    List<DriftResult> Drift, List<GateCheck> DataChecks, List<string> DataNotes,
    ReportCharts? Charts, string DataSha256)
{
    public static RowAnalyses Run(MlOpsConfig config, PairedScoring.Scored c, PairedScoring.Scored? b,
        ResolvedModel candidate, ResolvedModel? baseline, string dataPath)
    {
        var sliceNotes = new List<string>();
        var dataNotes = new List<string>();
        IReadOnlyList<SliceResult> slices;
        IReadOnlyList<GateCheck> sliceChecks, fairnessChecks;
        FairnessSummary? fairness;
        using (PhaseTimer.Measure("slices and fairness"))
        {
            (slices, sliceChecks) = SliceEvaluator.Slices(c.Table, c.Labels, c.Predictions, b?.Predictions, config.Evaluate.Slices, sliceNotes);
            (fairness, fairnessChecks) = SliceEvaluator.Fairness(c.Table, c.Labels, c.Predictions, b?.Predictions, config.Evaluate.Fairness);
        }
        List<DriftResult> drift;
        List<GateCheck> dataChecks;
        using (PhaseTimer.Measure("data checks"))
            (drift, dataChecks) = Data(config.Evaluate.DataChecks, c.Table, candidate, baseline, dataNotes);
        ReportCharts? charts;
        using (PhaseTimer.Measure("curves"))
            charts = c.Card.Task == ModelTask.BinaryClassification
                ? new ReportCharts(ModelCurves.Compute(c.Predictions.Probabilities!, c.Labels.Binary!),
                    b is null ? null : ModelCurves.Compute(b.Predictions.Probabilities!, b.Labels.Binary!))
                : null;
        string hash;
        using (PhaseTimer.Measure("hash data file")) hash = FileHash.Sha256(dataPath);
        return new RowAnalyses(slices, sliceChecks, sliceNotes, fairness, fairnessChecks, drift, dataChecks, dataNotes, charts, hash);
    }

    /// <summary>
    /// Data gates: drift of the evaluation data from the candidate's training profile, the candidate's training schema
    /// against production's, and the invariants of mlops.yml on the evaluation data.
    /// </summary>
    private static (List<DriftResult> Drift, List<GateCheck> Checks) Data(DataSettings settings, Table data,
        ResolvedModel candidate, ResolvedModel? baseline, List<string> notes)
    {
        var checks = new List<GateCheck>();
        var drift = new List<DriftResult>();
        var profile = DataProfile.TryRead(ModelLoader.FolderOf(candidate.Path));
        if (profile is null)
            notes.Add("the candidate has no training profile (profile.json): drift is not checked");
        else
            // Features are independent and KS sorts each numeric column: measure them in parallel, report in order.
            foreach (var (feature, psi, ks) in profile.Features.Where(f => data.Has(f.Name)).AsParallel().AsOrdered()
                         .Select(f => (f, DriftCalculator.Psi(f, data[f.Name]), DriftCalculator.Ks(f, data[f.Name]))).ToList())
            {
                var failed = new List<string>();
                if (settings.Psi is { } p && !p.IsMet(psi)) failed.Add($"PSI {GateEvaluator.F(psi)} does not meet {p.Text}");
                if (settings.Ks is { } k && ks is { } ksValue && !k.IsMet(ksValue)) failed.Add($"KS {GateEvaluator.F(ksValue)} does not meet {k.Text}");
                drift.Add(new DriftResult(feature.Name, ColumnSchema.KindName(feature.Kind), psi, ks, failed.Count == 0, failed.Count == 0 ? null : string.Join("; ", failed)));
                if (failed.Count > 0)
                    checks.Add(new GateCheck(GateKind.Data, "drift", $"drift of '{feature.Name}' vs training data", psi, null, settings.Psi?.Value, false,
                        $"'{feature.Name}' drifted from the training data: {string.Join("; ", failed)}"));
            }

        if (baseline is not null && profile is not null && DataProfile.TryRead(ModelLoader.FolderOf(baseline.Path)) is { } production)
            foreach (var change in SchemaDiff.Compare(production, profile))
                if (change.Structural && settings.FrozenSchema)
                    checks.Add(new GateCheck(GateKind.Data, "schema", "training schema unchanged (evaluate.data.schema: frozen)", double.NaN, null, null, false,
                        $"schema change since production: {change.What}"));
                else
                    notes.Add($"schema: {change.What}");

        foreach (var v in Invariants.Check(data, settings.Invariants))
            checks.Add(new GateCheck(GateKind.Data, "invariant", $"{v.Column}: {v.Rule}", v.Rows, null, null, false,
                $"invariant '{v.Rule}' of '{v.Column}' is broken in {v.Rows} row(s), first at {v.FirstAt}"));
        return (drift, checks);
    }
}
