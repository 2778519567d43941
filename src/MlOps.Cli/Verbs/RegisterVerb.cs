using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("register", HelpText = "Register a trained model as the next version of model.name; prints NAME:VERSION.")]
public sealed class RegisterVerb
{
    [Option('c', "config", Default = "mlops.yml", HelpText = "Path to mlops.yml.")]
    public string Config { get; set; } = "mlops.yml";

    [Option('m', "model", Required = true, HelpText = "Folder from 'mlops train' (or its model file).")]
    public string Model { get; set; } = "";

    [Option("tag", Separator = ',', HelpText = "Tags KEY=VALUE, comma-separated.")]
    public IEnumerable<string> Tags { get; set; } = [];

    [Option("description", HelpText = "Free text stored with the version.")]
    public string? Description { get; set; }

    [Option("registry", HelpText = "Registry folder (default: registry.path of mlops.yml).")]
    public string? Registry { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Register a trained model", new RegisterVerb { Model = ".mlops/runs/candidate" }),
    ];
}
