using CommandLine;
using CommandLine.Text;
using MlOps.Steps.Lineage;

namespace MlOps.Cli.Verbs;

[Verb("lineage", HelpText = "Show where a registered version came from (data, code, CI run, gate report, baseline) and where it went (aliases, deployments).")]
public sealed class LineageVerb : RegistryTargetVerb
{
    [Value(0, MetaName = "REF", Required = true, HelpText = "NAME:VERSION or NAME@ALIAS, e.g. adult-income:3 or adult-income@production.")]
    public string Reference { get; set; } = "";

    [Option('f', "format", Default = LineageFormat.Text, HelpText = "text (for people), json (fields in the README, section Lineage) or mermaid (a flowchart).")]
    public LineageFormat Format { get; set; } = LineageFormat.Text;

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Lineage of the production model", new LineageVerb { Reference = "adult-income@production" }),
        new("As JSON for a tool", new LineageVerb { Reference = "adult-income:3", Format = LineageFormat.Json }),
        new("As a Mermaid graph for a PR comment or wiki", new LineageVerb { Reference = "adult-income:3", Format = LineageFormat.Mermaid }),
    ];
}
