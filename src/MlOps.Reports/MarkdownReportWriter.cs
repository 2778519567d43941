using System.Text;
using MlOps.Core.Gates;
using MlOps.Core.Metrics;
using MlOps.Core.Slicing;

namespace MlOps.Reports;

/// <summary>
/// The report a reviewer reads in a PR: verdict first, then every gate with its rule, value and limit, then the
/// metrics side by side and exactly which artifacts and data were compared.
/// </summary>
public static class MarkdownReportWriter
{
    public static string Write(GateReport r)
    {
        var md = new StringBuilder();
        md.AppendLine($"## {r.Title}: {(r.Passed ? "✅" : "❌")} {r.Verdict}").AppendLine();
        if (r.Gates.Count > 0)
        {
            md.AppendLine("| gate | metric | rule | value | limit | result |").AppendLine("|---|---|---|---:|---:|---|");
            foreach (var g in r.Gates)
                md.AppendLine($"| {g.Kind.ToString().ToLowerInvariant()} | {g.Metric} | {Escape(g.Rule)} | " +
                              $"{GateEvaluator.F(g.Candidate)} | {(g.Limit is { } l ? GateEvaluator.F(l) : "")} | {(g.Passed ? "pass" : "**FAIL**")} |");
            md.AppendLine();
        }
        var failures = r.Gates.Where(g => !g.Passed).ToList();
        if (failures.Count > 0)
        {
            md.AppendLine("**Why it failed**").AppendLine();
            foreach (var f in failures) md.AppendLine($"- {Escape(f.Message)}");
            md.AppendLine();
        }
        WriteOnline(md, r);
        WriteMetrics(md, r);
        WriteMermaid(md, r);
        WriteSlices(md, r);
        WriteFairness(md, r);
        WriteDrift(md, r);
        WriteClasses(md, r);
        if (r.Notes.Count > 0)
        {
            foreach (var n in r.Notes) md.AppendLine($"> {Escape(n)}");
            md.AppendLine();
        }
        md.AppendLine("<details><summary>What was compared</summary>").AppendLine();
        md.AppendLine($"- {r.CandidateLabel}: `{r.Candidate.Reference}` (sha256 `{Short(r.Candidate.Sha256)}`)");
        if (r.Baseline is { } bl) md.AppendLine($"- {r.BaselineLabel}: `{bl.Reference}` (sha256 `{Short(bl.Sha256)}`)");
        md.AppendLine($"- data: `{Path.GetFileName(r.Data.Path)}`, {r.Data.Rows} rows (sha256 `{Short(r.Data.Sha256)}`)");
        md.AppendLine($"- task: {r.Task}; generated {r.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC by mlops").AppendLine();
        md.AppendLine("</details>");
        return md.ToString();
    }

    /// <summary>compare --online: traffic, labels and latency per variant, and the test's finding in one sentence.</summary>
    private static void WriteOnline(StringBuilder md, GateReport r)
    {
        if (r.Online is not { } s) return;
        md.AppendLine($"**{Online.OnlineAbText.Heading(s)}**").AppendLine();
        md.AppendLine($"| | {r.BaselineLabel} | {r.CandidateLabel} |").AppendLine("|---|---:|---:|");
        foreach (var (name, champion, challenger) in Online.OnlineAbText.Rows(s))
            md.AppendLine($"| {name} | {Escape(champion)} | {Escape(challenger)} |");
        md.AppendLine().AppendLine(Escape(Online.OnlineAbText.Finding(s))).AppendLine();
    }

    /// <summary>Metrics side by side; for gated metrics the 95% interval of the change and the gate's ✅/❌.</summary>
    private static void WriteMetrics(StringBuilder md, GateReport r)
    {
        var hasBaseline = r.Baseline is not null;
        md.AppendLine(hasBaseline
            ? $"| metric | {r.CandidateLabel} | {r.BaselineLabel} | change | 95% CI of change | gate | better is |\n|---|---:|---:|---:|---:|:---:|---|"
            : $"| metric | {r.CandidateLabel} | gate | better is |\n|---|---:|:---:|---|");
        foreach (var m in r.Metrics)
        {
            var direction = m.HigherIsBetter ? "higher" : "lower";
            var gates = r.Gates.Where(g => g.Metric == m.Name && g.Kind is GateKind.Threshold or GateKind.Baseline).ToList();
            var mark = gates.Count == 0 ? "" : gates.All(g => g.Passed) ? "✅" : "❌";
            var interval = gates.FirstOrDefault(g => g.Lower is not null) is { } withCi ? $"[{Signed(withCi.Lower)}, {Signed(withCi.Upper)}]" : "";
            md.AppendLine(hasBaseline
                ? $"| {m.Title} | {GateEvaluator.F(m.Candidate)} | {(m.Baseline is { } b ? GateEvaluator.F(b) : "")} | {Signed(m.Delta)} | {interval} | {mark} | {direction} |"
                : $"| {m.Title} | {GateEvaluator.F(m.Candidate)} | {mark} | {direction} |");
        }
        md.AppendLine();
    }

    /// <summary>
    /// A bar chart GitHub renders from a ```mermaid block (other hosts show its source, so it sits in a details
    /// block). Only metrics on a 0–1 scale share the axis.
    /// </summary>
    private static void WriteMermaid(StringBuilder md, GateReport r)
    {
        var rates = r.Metrics.Where(m => m.Candidate is >= 0 and <= 1 && m.Baseline is null or (>= 0 and <= 1)).ToList();
        if (rates.Count == 0) return;
        string Values(IEnumerable<double> v) => string.Join(", ", v.Select(x => x.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)));
        md.AppendLine("<details><summary>Chart</summary>").AppendLine();
        md.AppendLine("```mermaid").AppendLine("xychart-beta");
        md.AppendLine($"    title \"{r.CandidateLabel}{(r.Baseline is null ? "" : $" (first bar) vs {r.BaselineLabel}")}\"");
        md.AppendLine($"    x-axis [{string.Join(", ", rates.Select(m => m.Name))}]");
        md.AppendLine("    y-axis \"value\" 0 --> 1");
        md.AppendLine($"    bar [{Values(rates.Select(m => m.Candidate))}]");
        if (r.Baseline is not null) md.AppendLine($"    bar [{Values(rates.Select(m => m.Baseline ?? 0))}]");
        md.AppendLine("```").AppendLine().AppendLine("</details>").AppendLine();
    }

    /// <summary>One row per slice on the primary (first) metric; failed slices are listed above with the gates.</summary>
    private static void WriteSlices(StringBuilder md, GateReport r)
    {
        if (r.Slices is not { Count: > 0 } slices) return;
        var metric = r.Metrics[0];
        md.AppendLine($"**Slices** ({metric.Title}; slices under the minimum size are shown but not gated)").AppendLine();
        md.AppendLine($"| slice | rows | {r.CandidateLabel} | {r.BaselineLabel} | change | gated |").AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var s in slices)
        {
            var c = s.Candidate[metric.Name];
            double? b = s.Baseline?[metric.Name];
            md.AppendLine($"| {Escape(s.Column)}={Escape(s.Value)} | {s.Rows} | {GateEvaluator.F(c)} | {(b is { } bv ? GateEvaluator.F(bv) : "")} | " +
                          $"{(b is { } bd ? Signed(c - bd) : "")} | {(s.Gated ? "yes" : "no (too small)")} |");
        }
        md.AppendLine();
    }

    private static void WriteFairness(StringBuilder md, GateReport r)
    {
        if (r.Fairness is not { } f) return;
        md.AppendLine($"**Fairness** over `{Escape(f.Sensitive)}`").AppendLine();
        md.AppendLine($"| metric | {r.CandidateLabel} | {r.BaselineLabel} |").AppendLine("|---|---:|---:|");
        foreach (var (name, _) in FairnessReport.Names)
            md.AppendLine($"| {name} | {GateEvaluator.F(f.Candidate.Metrics[name])} | {(f.Baseline is { } b ? GateEvaluator.F(b.Metrics[name]) : "")} |");
        md.AppendLine();
        md.AppendLine("| group | rows | selection rate | TPR | FPR |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var g in f.Candidate.Groups)
            md.AppendLine($"| {Escape(g.Group)} | {g.Rows} | {GateEvaluator.F(g.SelectionRate)} | {GateEvaluator.F(g.TruePositiveRate)} | {GateEvaluator.F(g.FalsePositiveRate)} |");
        md.AppendLine();
    }

    /// <summary>Multiclass: per-class precision and recall (baseline beside) and the candidate's confusion matrix.</summary>
    private static void WriteClasses(StringBuilder md, GateReport r)
    {
        if (r.Classes is not { } c) return;
        var b = r.BaselineClasses;
        md.AppendLine("**Per class**").AppendLine();
        md.AppendLine(b is null ? "| class | support | precision | recall |\n|---|---:|---:|---:|"
            : $"| class | support | precision | recall | {r.BaselineLabel} precision | {r.BaselineLabel} recall |\n|---|---:|---:|---:|---:|---:|");
        for (var k = 0; k < c.PerClass.Count; k++)
        {
            var s = c.PerClass[k];
            md.AppendLine($"| {Escape(s.Class)} | {s.Support} | {GateEvaluator.F(s.Precision)} | {GateEvaluator.F(s.Recall)} |" +
                          (b is null ? "" : $" {GateEvaluator.F(b.PerClass[k].Precision)} | {GateEvaluator.F(b.PerClass[k].Recall)} |"));
        }
        md.AppendLine().AppendLine("Confusion matrix (rows: actual, columns: predicted)").AppendLine();
        md.AppendLine($"| | {string.Join(" | ", c.Classes.Select(Escape))} |").AppendLine($"|---|{string.Concat(c.Classes.Select(_ => "---:|"))}");
        for (var k = 0; k < c.Classes.Count; k++)
            md.AppendLine($"| **{Escape(c.Classes[k])}** | {string.Join(" | ", c.Confusion[k])} |");
        md.AppendLine();
    }

    /// <summary>The ten most drifted features; the full table is in report.json and report.html.</summary>
    private static void WriteDrift(StringBuilder md, GateReport r)
    {
        if (r.Drift is not { Count: > 0 } drift) return;
        md.AppendLine("**Drift** vs the candidate's training data (PSI: < 0.1 stable, 0.1–0.25 moderate, > 0.25 large)").AppendLine();
        md.AppendLine("| feature | kind | PSI | KS | result |").AppendLine("|---|---|---:|---:|---|");
        foreach (var d in drift.OrderByDescending(d => d.Psi).Take(10))
            md.AppendLine($"| {Escape(d.Feature)} | {d.Kind} | {GateEvaluator.F(d.Psi)} | {(d.Ks is { } ks ? GateEvaluator.F(ks) : "")} | {(d.Passed ? "ok" : "**FAIL**")} |");
        md.AppendLine();
    }

    private static string Signed(double? v) => v is { } d ? (d >= 0 ? "+" : "") + GateEvaluator.F(d) : "";

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    internal static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
