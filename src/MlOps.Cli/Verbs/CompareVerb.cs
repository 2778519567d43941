using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("compare", HelpText = "A/B: offline, score champion and challenger on the same rows; --online, decide from their request logs and delayed labels with a sequential test. Exit 1 = challenger is not better.")]
public sealed class CompareVerb
{
    [Option("champion", HelpText = "Current model: path, NAME:VERSION or NAME@ALIAS (offline, and --online --replay).")]
    public string? Champion { get; set; }

    [Option("challenger", HelpText = "New model: path, NAME:VERSION or NAME@ALIAS (offline, and --online --replay).")]
    public string? Challenger { get; set; }

    [Option('d', "data", HelpText = "CSV with labels (default: data.test of --config).")]
    public string? Data { get; set; }

    [Option('c', "config", HelpText = "mlops.yml (for data.test, metrics and the registry).")]
    public string? Config { get; set; }

    [Option('r', "report", HelpText = "Folder for report.json and report.md (default: .mlops/compare).")]
    public string? Report { get; set; }

    [Option("registry", HelpText = "Registry folder.")]
    public string? Registry { get; set; }

    [Option("online", HelpText = "Online A/B from live traffic: --champion-log, --challenger-log and --labels, or --replay DATA.")]
    public bool Online { get; set; }

    [Option("champion-log", HelpText = "--online: the champion's request log (mlops serve --request-log), or a folder of *.jsonl.")]
    public string? ChampionLog { get; set; }

    [Option("challenger-log", HelpText = "--online: the challenger's request log, or a folder of *.jsonl.")]
    public string? ChallengerLog { get; set; }

    [Option("labels", HelpText = "--online: CSV of delayed labels: the request id (X-Request-Id), optionally row, and the label.")]
    public string? Labels { get; set; }

    [Option("label-column", HelpText = "--online: the label column of --labels (default: its one column besides the id).")]
    public string? LabelColumn { get; set; }

    [Option("id-column", Default = "request_id", HelpText = "--online: the request id column of --labels.")]
    public string IdColumn { get; set; } = "request_id";

    [Option("mode", HelpText = "--online: mirror (both variants scored every request: paired) or split (independent); default: read from the logs, split on --replay.")]
    public string? Mode { get; set; }

    [Option("alpha", Default = 0.05, HelpText = "--online: error rate of the test (false winners, however often it is looked at).")]
    public double Alpha { get; set; } = 0.05;

    [Option("horizon", HelpText = "--online: decide once at N labelled samples (pairs, or per variant when split) with a fixed-horizon test instead of the sequential one.")]
    public int? Horizon { get; set; }

    [Option("replay", HelpText = "--online: serve --champion and --challenger locally, send this CSV's rows as traffic (label kept aside as delayed labels), then compare.")]
    public string? Replay { get; set; }

    [Option("split", Default = 50, HelpText = "--online --replay in split mode: percent of requests sent to the challenger.")]
    public int Split { get; set; } = 50;

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Compare production with version 4", ExampleSettings.Terse, new CompareVerb { Champion = "adult-income@production", Challenger = "adult-income:4", Config = "mlops.yml" }),
        new("Online A/B from the servers' logs and labels that came later", ExampleSettings.Terse, new CompareVerb { Online = true, ChampionLog = "logs/blue", ChallengerLog = "logs/green", Labels = "labels.csv" }),
        new("Replay test rows through both models, mirrored", ExampleSettings.Terse, new CompareVerb { Online = true, Replay = "data/test.csv", Champion = "adult-income@production", Challenger = "adult-income:4", Mode = "mirror" }),
    ];
}
