using System.Text;

namespace MlOps.Steps.Lineage;

/// <summary>
/// The lineage as a Mermaid flowchart (renders in GitHub and Azure DevOps markdown): data files → training run →
/// model version → gate report (← baseline) → promotions and deployments. Unknown links are drawn as "unknown".
/// </summary>
public static class LineageMermaid
{
    public static string Render(LineageRecord l)
    {
        var s = new StringBuilder("flowchart LR\n");
        var t = l.Training;
        var run = t is null ? "training: unknown" : $"train run<br/>{t.Trainer}<br/>commit {Short(l.Code?.Commit)}{(l.Code?.Branch is { } b ? $" ({b})" : "")}";
        Node(s, "run", run);
        for (var i = 0; i < l.Data.Count; i++)
        {
            Node(s, $"data{i}", $"{l.Data[i].Role} data<br/>{Path.GetFileName(l.Data[i].Path)}<br/>sha256 {Short(l.Data[i].Sha256)} · {l.Data[i].Rows} rows");
            s.AppendLine($"  data{i} --> run");
        }
        if (l.Data.Count == 0)
        {
            Node(s, "data", "data: unknown");
            s.AppendLine("  data --> run");
        }
        Node(s, "version", $"{l.Reference}<br/>sha256 {Short(l.Registration.ContentSha256)}");
        s.AppendLine("  run --> version");
        if (l.Gate is { } g)
        {
            Node(s, "gate", $"gate {(g.Passed ? "passed" : "failed")}<br/>report sha256 {Short(g.ReportSha256)}");
            s.AppendLine("  version --> gate");
            if (l.Baseline is { } baseline)
            {
                Node(s, "baseline", $"baseline {baseline.Reference}<br/>sha256 {Short(baseline.Sha256)}");
                s.AppendLine("  baseline -. compared with .-> gate");
            }
        }
        for (var i = 0; i < l.Aliases.Count; i++)
        {
            var e = l.Aliases[i];
            Node(s, $"alias{i}", $"{e.Event} @{e.Alias}<br/>{e.At:yyyy-MM-dd HH:mm}Z by {e.By ?? "unknown"}");
            s.AppendLine($"  {(l.Gate is null ? "version" : "gate")} --> alias{i}");
        }
        for (var i = 0; i < l.Deployments.Count; i++)
        {
            var e = l.Deployments[i];
            Node(s, $"deploy{i}", $"{e.Event} to {e.Environment}<br/>{e.At:yyyy-MM-dd HH:mm}Z by {e.By ?? "unknown"}");
            s.AppendLine($"  version --> deploy{i}");
        }
        return s.ToString();
    }

    private static void Node(StringBuilder s, string id, string label) => s.AppendLine($"  {id}[\"{Escape(label)}\"]");

    // Mermaid labels in quotes take HTML entities; a raw quote would end the label.
    private static string Escape(string text) => text.Replace("\"", "#quot;");

    private static string Short(string? hash) => hash is null ? "unknown" : hash[..Math.Min(12, hash.Length)];
}
