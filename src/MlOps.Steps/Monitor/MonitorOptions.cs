namespace MlOps.Steps.Monitor;

/// <param name="ModelReference">NAME@ALIAS, NAME:VERSION or a model folder: the version whose traffic is judged.</param>
/// <param name="LogPath">A request log file, or a folder whose *.jsonl files are read in name order.</param>
/// <param name="LabelsPath">CSV of requestId, optional row, and the label column, for live quality.</param>
/// <param name="Window">30m, 6h, 1d, 1w or "N rows"; default monitor.window, else no windows.</param>
/// <param name="Trigger">Start the retrain pipeline when a limit is crossed.</param>
/// <param name="SkipOtherVersions">Count and leave out entries of other model versions instead of refusing the log.</param>
public sealed record MonitorOptions(
    string ModelReference,
    string LogPath,
    string? LabelsPath = null,
    string? Window = null,
    string? OutputDirectory = null,
    string? ConfigPath = null,
    string? RegistryPath = null,
    bool Trigger = false,
    bool SkipOtherVersions = false,
    MonitorFormat Format = MonitorFormat.Text);

/// <summary>What `mlops monitor` prints: a short summary, the markdown report, or the JSON report.</summary>
public enum MonitorFormat { Text, Markdown, Json }
