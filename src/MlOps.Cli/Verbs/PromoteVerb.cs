using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("promote", HelpText = "Point an alias (production, staging...) at a registered version.")]
public sealed class PromoteVerb : RegistryTargetVerb
{
    [Value(0, MetaName = "NAME:VERSION", Required = true, HelpText = "The version to promote, e.g. adult-income:3.")]
    public string Reference { get; set; } = "";

    [Option('a', "alias", Default = "production", HelpText = "Alias to set.")]
    public string Alias { get; set; } = "production";

    [Option("expect", HelpText = "Only if the alias currently points at this version (0 = not set): safe against concurrent promotions.")]
    public int? Expect { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Make version 3 the production model", new PromoteVerb { Reference = "adult-income:3" }),
        new("Promote to staging", new PromoteVerb { Reference = "adult-income:4", Alias = "staging" }),
    ];
}
