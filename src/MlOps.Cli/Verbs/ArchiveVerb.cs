using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("archive", HelpText = "Retire a version: it still resolves (for what runs it) but can never be promoted again. Refused while an alias points at it.")]
public sealed class ArchiveVerb : RegistryTargetVerb
{
    [Value(0, MetaName = "NAME:VERSION", Required = true, HelpText = "The version to archive, e.g. adult-income:2.")]
    public string Reference { get; set; } = "";

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Retire version 2", new ArchiveVerb { Reference = "adult-income:2" }),
    ];
}
