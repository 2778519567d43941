using MlOps.Core.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Reports.Html;

namespace MlOps.Reports;

/// <summary>
/// Writes report.json, report.md and report.html together (each written aside, then moved in, so none is ever seen
/// half-written). The html path is always Path.Combine(directory, "report.html"); the return value stays as it was
/// so existing callers keep compiling.
/// </summary>
public static class ReportFiles
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static (string Json, string Markdown) Write(GateReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var jsonPath = Path.Combine(directory, "report.json");
        var mdPath = Path.Combine(directory, "report.md");
        var markdown = MarkdownReportWriter.Write(report);
        var html = HtmlReportWriter.Write(report);
        AtomicFile.Write(jsonPath, JsonSerializer.Serialize(report, Json));
        AtomicFile.Write(mdPath, markdown);
        AtomicFile.Write(Path.Combine(directory, "report.html"), html);
        return (jsonPath, mdPath);
    }
}
