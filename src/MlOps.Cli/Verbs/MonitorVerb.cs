using CommandLine;
using CommandLine.Text;
using MlOps.Steps.Monitor;

namespace MlOps.Cli.Verbs;

[Verb("monitor", HelpText = "Judge a model version's live traffic from the scoring server's request log: feature and prediction drift vs training (overall and per window), live quality when labels are given. Exit 1 and output retrain=true when a monitor: limit is crossed.")]
public sealed class MonitorVerb : RegistryTargetVerb
{
    [Value(0, MetaName = "model", Required = true, HelpText = "The monitored version: NAME@ALIAS, NAME:VERSION or a model folder.")]
    public string Model { get; set; } = "";

    [Option('l', "log", Required = true, HelpText = "The request log (mlops serve --request-log), or a folder whose *.jsonl files are read in name order.")]
    public string Log { get; set; } = "";

    [Option("labels", HelpText = "CSV of requestId, optional row (0-based, default 0) and the label column (model.label): live quality.")]
    public string? Labels { get; set; }

    [Option('w', "window", HelpText = "Cut the log into windows: 30m, 6h, 1d, 1w, or \"5000 rows\" (default: monitor.window).")]
    public string? Window { get; set; }

    [Option('o', "output", HelpText = "Folder for monitor-report.json/.md/.html (default: .mlops/monitor beside mlops.yml).")]
    public string? Output { get; set; }

    [Option('f', "format", Default = MonitorFormat.Text, HelpText = "What to print: text, markdown or json (the three report files are always written).")]
    public MonitorFormat Format { get; set; } = MonitorFormat.Text;

    [Option("trigger", HelpText = "When a limit is crossed, start the retrain pipeline (retrain.trigger in mlops.yml).")]
    public bool Trigger { get; set; }

    [Option("skip-other-versions", HelpText = "Count and leave out log entries of other model versions instead of refusing the log.")]
    public bool SkipOtherVersions { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Production's traffic of the last days, by day", new MonitorVerb { Model = "adult-income@production", Log = "logs/", Window = "1d" }),
        new("With labels, retraining when needed", new MonitorVerb { Model = "adult-income@production", Log = "logs/", Labels = "labels.csv", Trigger = true }),
    ];
}
