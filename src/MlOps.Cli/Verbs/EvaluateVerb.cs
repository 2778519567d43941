using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("evaluate", HelpText = "Evaluate a model and apply the quality gate (thresholds, and margins vs the production model on the same rows). Exit 1 = gate failed.")]
public sealed class EvaluateVerb
{
    [Option('c', "config", Default = "mlops.yml", HelpText = "Path to mlops.yml.")]
    public string Config { get; set; } = "mlops.yml";

    [Option('m', "model", Required = true, HelpText = "The candidate: a folder from 'mlops train', a model file, NAME:VERSION or NAME@ALIAS.")]
    public string Model { get; set; } = "";

    [Option('b', "baseline", HelpText = "Compare with this model instead of NAME@production (evaluate.baseline.alias).")]
    public string? Baseline { get; set; }

    [Option('d', "data", HelpText = "CSV to evaluate on (default: data.test).")]
    public string? Data { get; set; }

    [Option('r', "report", HelpText = "Folder for report.json and report.md (default: .mlops/report beside mlops.yml).")]
    public string? Report { get; set; }

    [Option("registry", HelpText = "Registry folder (default: registry.path of mlops.yml).")]
    public string? Registry { get; set; }

    [Option("no-pr-report", HelpText = "Do not post to the pull request. By default, in a PR build (GitHub Actions pull_request event, Azure Repos PR "
        + "validation) evaluate sets a status/check 'mlops / MODEL' and keeps ONE comment with the report, updated on every run; it needs a token "
        + "(GITHUB_TOKEN or MLOPS_GITHUB_TOKEN; SYSTEM_ACCESSTOKEN). A refused token is a warning: the exit code stays the gate's. See docs/pr-reporting.md.")]
    public bool NoPrReport { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Gate a freshly trained model against production", new EvaluateVerb { Model = ".mlops/runs/candidate" }),
        new("Gate against a chosen baseline, report into ./report", new EvaluateVerb { Model = "out/candidate", Baseline = "adult-income:3", Report = "report" }),
    ];
}
