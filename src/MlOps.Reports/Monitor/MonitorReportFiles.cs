using System.Text.Json;
using MlOps.Core.IO;

namespace MlOps.Reports.Monitor;

/// <summary>Writes monitor-report.json, .md and .html; each atomically, so a failed run never leaves half a report.</summary>
public static class MonitorReportFiles
{
    public const string JsonName = "monitor-report.json", MarkdownName = "monitor-report.md", HtmlName = "monitor-report.html";

    public static (string Json, string Markdown, string Html) Write(MonitorReport report, string directory, double? psiLimit)
    {
        Directory.CreateDirectory(directory);
        // Rendered before anything is written: a rendering bug must not leave a new json beside an old md.
        var json = JsonSerializer.Serialize(report, ReportFiles.Json);
        var markdown = MonitorMarkdownWriter.Write(report);
        var html = MonitorHtmlWriter.Write(report, psiLimit);
        var paths = (Path.Combine(directory, JsonName), Path.Combine(directory, MarkdownName), Path.Combine(directory, HtmlName));
        AtomicFile.Write(paths.Item1, json);
        AtomicFile.Write(paths.Item2, markdown);
        AtomicFile.Write(paths.Item3, html);
        return paths;
    }
}
