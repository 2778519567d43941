using System.Globalization;
using System.Text;

namespace MlOps.Steps.Lineage;

/// <summary>The human form of a lineage: one section per link of the chain, "unknown" where nothing was recorded.</summary>
public static class LineageText
{
    private const string Unknown = "unknown";

    public static string Render(LineageRecord l)
    {
        var s = new StringBuilder();
        var r = l.Registration;
        s.AppendLine($"{l.Reference}");
        s.AppendLine($"  registered   {r.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z by {r.By ?? Unknown}{Via(r.Ci, r.RunUrl)}");
        s.AppendLine($"  content      sha256 {r.ContentSha256} ({(r.Intact ? "intact" : "CHANGED since registration")})");
        s.AppendLine($"  aliases      {(r.CurrentAliases.Count == 0 ? "none" : string.Join(", ", r.CurrentAliases))}");
        s.AppendLine("code");
        s.AppendLine($"  repository   {l.Code?.Repository ?? Unknown}");
        s.AppendLine($"  commit       {l.Code?.Commit ?? Unknown}{(l.Code?.Dirty == true ? " (with uncommitted changes)" : "")}");
        s.AppendLine($"  branch       {l.Code?.Branch ?? Unknown}");
        s.AppendLine("training");
        if (l.Training is { } t)
        {
            s.AppendLine($"  run          {t.RunUrl ?? Unknown} (by {t.RequestedBy ?? Unknown}, {t.Ci ?? Unknown})");
            s.AppendLine($"  trainer      {t.Trainer}, seed {t.Seed}{(t.Parameters.Count == 0 ? "" : ", " + string.Join(", ", t.Parameters.Select(p => $"{p.Key}={p.Value}")))}");
            s.AppendLine($"  config       {t.ConfigPath} (sha256 {t.ConfigSha256})");
            s.AppendLine($"  started      {t.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, {t.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, mlops {t.MlopsVersion}");
        }
        else
            s.AppendLine($"  {Unknown} (the version has no run.json: it was not trained by mlops train)");
        s.AppendLine("data");
        if (l.Data.Count == 0) s.AppendLine($"  {Unknown}");
        foreach (var d in l.Data)
            s.AppendLine($"  {d.Role,-12} {d.Path} (sha256 {d.Sha256}, {d.Rows} rows, {d.Columns} columns)");
        s.AppendLine("schema");
        s.AppendLine(l.Schema is { } schema
            ? $"  {schema.Task}, label {schema.Label}{(schema.Positive is null ? "" : $" (positive {schema.Positive})")}; "
              + $"{schema.Features.Count} features: {string.Join(", ", schema.Features.Select(f => $"{f.Name} ({f.Kind.ToString().ToLowerInvariant()})"))}"
            : $"  {Unknown}");
        s.AppendLine($"  profile      {(l.Profile is { } p ? $"{p.File} (sha256 {p.Sha256}, {p.Rows} rows, {p.Features} features)" : Unknown)}");
        s.AppendLine("metrics");
        s.AppendLine(l.Metrics is { } m
            ? $"  {string.Join(", ", m.Values.Select(v => $"{v.Key} {v.Value.ToString("0.####", CultureInfo.InvariantCulture)}"))} (from the {m.Source})"
            : $"  {Unknown}");
        s.AppendLine("gate");
        if (l.Gate is { } g)
        {
            s.AppendLine($"  {(g.Passed ? "passed" : "FAILED")}       {g.Verdict} ({g.At:yyyy-MM-dd HH:mm:ss}Z by {g.By ?? Unknown}{Via(null, g.RunUrl)}, audit seq {g.AuditSeq})");
            s.AppendLine($"  report       {g.Report ?? Unknown} (sha256 {g.ReportSha256 ?? Unknown}{g.ReportIntact switch { true => ", unchanged", false => ", MISSING or CHANGED", _ => "" }})");
        }
        else
            s.AppendLine("  none recorded");
        s.AppendLine($"  baseline     {(l.Baseline is { } b ? $"{b.Reference} (sha256 {b.Sha256 ?? Unknown})" : l.Gate is null ? Unknown : "none (gated on thresholds alone)")}");
        s.AppendLine("promotions");
        if (l.Aliases.Count == 0) s.AppendLine("  none");
        foreach (var e in l.Aliases) s.AppendLine($"  {Line(e)} {e.Alias}");
        s.AppendLine("deployments");
        if (l.Deployments.Count == 0) s.AppendLine("  none");
        foreach (var e in l.Deployments) s.AppendLine($"  {Line(e)} {e.Environment}{(e.Url is null ? "" : $" at {e.Url}")}");
        s.AppendLine(l.Audit.Intact ? "audit trail intact" : $"AUDIT TRAIL BROKEN: {string.Join("; ", l.Audit.Problems)}");
        return s.ToString();
    }

    private static string Line(LineageEvent e) => $"{e.At:yyyy-MM-dd HH:mm:ss}Z {e.Event,-11} by {e.By ?? Unknown}{Via(null, e.RunUrl)}:";

    private static string Via(string? ci, string? runUrl) =>
        (ci is null ? "" : $" ({ci})") + (runUrl is null ? "" : $" in {runUrl}");
}
