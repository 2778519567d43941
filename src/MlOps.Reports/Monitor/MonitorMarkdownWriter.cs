using System.Text;
using MlOps.Core.Gates;
using static MlOps.Reports.MarkdownReportWriter;

namespace MlOps.Reports.Monitor;

/// <summary>monitor-report.md: the verdict and why first, then drift per feature, per window, and live quality.</summary>
public static class MonitorMarkdownWriter
{
    public static string Write(MonitorReport r)
    {
        var md = new StringBuilder();
        md.AppendLine($"## {r.Title}: {Icon(r)} {Escape(r.Verdict)}").AppendLine();
        foreach (var reason in r.Reasons) md.AppendLine($"- {Escape(reason)}");
        if (r.Reasons.Count > 0) md.AppendLine();
        if (r.RetrainRun is { } run)
            md.AppendLine($"Retraining started: {Escape(run.Trigger)}, run `{run.Id}`{(run.Url is { } u ? $" — {u}" : "")}").AppendLine();
        md.AppendLine($"`{r.Model.Version}` · {r.Model.Task} · {r.Log.Rows} rows in {r.Log.Entries} requests" +
                      (r.Log.From is { } from ? $" · {from:yyyy-MM-dd HH:mm} – {r.Log.To:yyyy-MM-dd HH:mm} UTC" : "") +
                      $" · min-rows {r.MinRows}").AppendLine();

        if (r.Features.Count > 0)
        {
            md.AppendLine("### Drift from the training data (all rows)").AppendLine();
            DriftTable(md, r.Prediction is null ? r.Features : [.. r.Features, r.Prediction]);
        }
        WriteWindows(md, r);
        WriteQuality(md, r);
        WriteLogProblems(md, r.Log);
        foreach (var n in r.Notes) md.AppendLine($"> {Escape(n)}");
        if (r.Notes.Count > 0) md.AppendLine();
        md.AppendLine($"<sub>files: {string.Join(", ", r.Log.Files.Select(f => $"`{Path.GetFileName(f)}`"))}; model sha256 `{r.Model.Sha256[..Math.Min(12, r.Model.Sha256.Length)]}`; " +
                      $"generated {r.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC by mlops monitor</sub>");
        return md.ToString();
    }

    public static string Icon(MonitorReport r) => r.Status switch
    {
        MonitorReport.StatusRetrain => "❌",
        MonitorReport.StatusInsufficient => "⚠️",
        _ => "✅",
    };

    private static void DriftTable(StringBuilder md, IEnumerable<DriftRow> rows)
    {
        md.AppendLine("| feature | kind | PSI | KS | limit | result |").AppendLine("|---|---|---:|---:|---|---|");
        foreach (var d in rows)
            md.AppendLine($"| {Escape(d.Feature)} | {d.Kind} | {GateEvaluator.F(d.Psi)} | {(d.Ks is { } ks ? GateEvaluator.F(ks) : "")} | " +
                          $"{Limits(d)} | {(d.Passed ? "✅" : "❌ " + Escape(d.Detail ?? ""))} |");
        md.AppendLine();
    }

    internal static string Limits(DriftRow d) =>
        string.Join(", ", new[] { d.PsiLimit is { } p ? $"PSI {p}" : null, d.KsLimit is { } k ? $"KS {k}" : null }.OfType<string>()) is { Length: > 0 } s ? s : "reported only";

    private static void WriteWindows(StringBuilder md, MonitorReport r)
    {
        if (r.Windows.Count == 0) return;
        md.AppendLine($"### Per window ({r.Window})").AppendLine();
        md.AppendLine("| window | rows | worst drift | PSI | KS | prediction PSI | drifted | result |").AppendLine("|---|---:|---|---:|---:|---:|---|---|");
        foreach (var w in r.Windows)
        {
            var worst = w.Worst;
            var drifted = string.Join(", ", w.Features.Append(w.Prediction).OfType<DriftRow>().Where(d => !d.Passed).Select(d => d.Feature));
            md.AppendLine($"| {Escape(w.Label)} | {w.Rows} | {Escape(worst?.Feature ?? "")} | {(worst is null ? "" : GateEvaluator.F(worst.Psi))} | " +
                          $"{(worst?.Ks is { } ks ? GateEvaluator.F(ks) : "")} | {(w.Prediction is { } p ? GateEvaluator.F(p.Psi) : "")} | {Escape(drifted)} | " +
                          $"{(!w.Gated ? "⚠️ under min-rows" : w.Passed ? "✅" : "❌")} |");
        }
        md.AppendLine();
    }

    private static void WriteQuality(StringBuilder md, MonitorReport r)
    {
        if (r.Quality is not { } q) return;
        md.AppendLine($"### Live quality ({q.LabeledRows} labelled rows)").AppendLine();
        md.AppendLine("| metric | live | offline | change | limit | result |").AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var m in q.Metrics)
            md.AppendLine($"| {Escape(m.Title)} | {GateEvaluator.F(m.Live)} | {(m.Offline is { } o ? GateEvaluator.F(o) : "")} | " +
                          $"{(m.Change is { } c ? (c >= 0 ? "+" : "") + GateEvaluator.F(c) : "")} | {Escape(m.Rule ?? "")} | " +
                          $"{m.Passed switch { true => "✅", false => "❌", null => "" }} |");
        md.AppendLine();
        md.AppendLine(q.Offline is { } offline ? $"Offline: {Escape(offline)}." : "No offline evaluation is recorded for this version: live quality is reported without a comparison.");
        md.AppendLine();
    }

    private static void WriteLogProblems(StringBuilder md, LogSummary log)
    {
        if (log.Malformed == 0 && log.OtherVersions == 0) return;
        md.AppendLine("### Left out of the analysis").AppendLine();
        if (log.OtherVersions > 0)
            md.AppendLine($"- {log.OtherVersions} entries of other model versions ({string.Join(", ", log.OtherVersionCounts.Select(kv => $"{kv.Key}: {kv.Value}"))})");
        if (log.Malformed > 0)
        {
            md.AppendLine($"- {log.Malformed} malformed lines or rows{(log.Malformed > log.MalformedExamples.Count ? $", the first {log.MalformedExamples.Count}:" : ":")}");
            foreach (var p in log.MalformedExamples) md.AppendLine($"  - `{Escape(p.Location)}`: {Escape(p.Problem)}");
        }
        md.AppendLine();
    }
}
