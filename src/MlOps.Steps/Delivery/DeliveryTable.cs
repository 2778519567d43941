using System.Globalization;
using System.Text;

namespace MlOps.Steps.Delivery;

/// <summary>The table format: one row per model and a total, then the changes, then the notes.</summary>
public static class DeliveryTable
{
    public static string Render(DeliveryReport report)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture,
            $"delivery to {report.Target}, {report.Window.From:yyyy-MM-dd HH:mm}Z .. {report.Window.To:yyyy-MM-dd HH:mm}Z (--since {report.Window.Since}, {report.Window.Days:0.#} days)");
        s.AppendLine();
        string[] header = ["MODEL", "DEPLOYS", "PER WEEK", "LEAD MEDIAN", "LEAD P90", "FAILED", "CFR", "ROLLBACKS", "RESTORE MEDIAN", "UNRESTORED"];
        var rows = report.Models.Append(report.All).Select(m => new[]
        {
            m.Model,
            Number(m.Changes),
            m.DeploymentsPerWeek.ToString("0.##", CultureInfo.InvariantCulture),
            Duration(m.LeadTimeMedianHours),
            Duration(m.LeadTimeP90Hours),
            Number(m.FailedChanges),
            m.ChangeFailureRate is { } r ? r.ToString("0%", CultureInfo.InvariantCulture) : "-",
            Number(m.Rollbacks),
            Duration(m.TimeToRestoreMedianHours),
            Number(m.Unrestored),
        }).ToList();
        Write(s, header, rows);
        if (report.Changes.Count > 0)
        {
            s.AppendLine();
            Write(s, ["SEQ", "TIME (UTC)", "CHANGE", "LEAD", "FROM", "OUTCOME", "RESTORED IN"], report.Changes.Select(c => new[]
            {
                c.Seq.ToString(CultureInfo.InvariantCulture),
                c.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                $"{c.Model}:{c.Version}" + (c.Previous is { } p ? $" (was {p})" : ""),
                Duration(c.LeadTimeHours),
                c.LeadFrom ?? "unknown",
                c.FailedBy is null ? "ok" : $"failed: {c.FailedBy}",
                c.Failed ? c.TimeToRestoreHours is null ? "not restored" : Duration(c.TimeToRestoreHours) : "",
            }).ToList());
        }
        s.AppendLine();
        s.AppendLine($"lead time starts at {report.LeadTimeFrom}");
        foreach (var note in report.Notes) s.AppendLine($"note: {note}");
        return s.ToString();
    }

    /// <summary>Hours as "3d 4h", "5h 30m" or "12m": readable at a glance, exact values are in the JSON.</summary>
    public static string Duration(double? hours)
    {
        if (hours is not { } h) return "-";
        var span = TimeSpan.FromHours(h);
        var sign = span < TimeSpan.Zero ? "-" : "";
        span = span.Duration();
        if (span.TotalDays >= 1) return $"{sign}{(int)span.TotalDays}d {span.Hours}h";
        if (span.TotalHours >= 1) return $"{sign}{(int)span.TotalHours}h {span.Minutes}m";
        return span > TimeSpan.Zero && span < TimeSpan.FromMinutes(1) ? $"{sign}<1m" : $"{sign}{(int)Math.Round(span.TotalMinutes)}m";
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void Write(StringBuilder s, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
            s.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
    }
}
