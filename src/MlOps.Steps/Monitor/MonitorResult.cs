using MlOps.Reports.Monitor;

namespace MlOps.Steps.Monitor;

/// <summary>The report and where it was written; <see cref="Retrain"/> is the verdict (exit 1).</summary>
public sealed record MonitorResult(MonitorReport Report, string JsonPath, string MarkdownPath, string HtmlPath)
{
    public bool Retrain => Report.Retrain;
}
