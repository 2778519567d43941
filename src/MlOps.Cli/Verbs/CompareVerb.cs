using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("compare", HelpText = "Offline A/B: score champion and challenger on the same rows, side by side. Exit 1 = challenger is worse.")]
public sealed class CompareVerb
{
    [Option("champion", Required = true, HelpText = "Current model: path, NAME:VERSION or NAME@ALIAS.")]
    public string Champion { get; set; } = "";

    [Option("challenger", Required = true, HelpText = "New model: path, NAME:VERSION or NAME@ALIAS.")]
    public string Challenger { get; set; } = "";

    [Option('d', "data", HelpText = "CSV with labels (default: data.test of --config).")]
    public string? Data { get; set; }

    [Option('c', "config", HelpText = "mlops.yml (for data.test, metrics and the registry).")]
    public string? Config { get; set; }

    [Option('r', "report", HelpText = "Folder for report.json and report.md (default: .mlops/compare).")]
    public string? Report { get; set; }

    [Option("registry", HelpText = "Registry folder.")]
    public string? Registry { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Compare production with version 4", new CompareVerb { Champion = "adult-income@production", Challenger = "adult-income:4", Config = "mlops.yml" }),
    ];
}
