using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("demote", HelpText = "Remove an alias (e.g. take a model out of staging); the version itself stays.")]
public sealed class DemoteVerb : RegistryTargetVerb
{
    [Value(0, MetaName = "NAME@ALIAS", Required = true, HelpText = "The alias to remove, e.g. adult-income@staging.")]
    public string Reference { get; set; } = "";

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Take the staging alias off", new DemoteVerb { Reference = "adult-income@staging" }),
    ];
}
