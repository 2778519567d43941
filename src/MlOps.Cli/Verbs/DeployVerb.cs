using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("deploy", HelpText = "Deploy a model to an environment of mlops.yml (target local: a background server on loopback).")]
public sealed class DeployVerb
{
    [Option('c', "config", Default = "mlops.yml", HelpText = "Path to mlops.yml.")]
    public string Config { get; set; } = "mlops.yml";

    [Option('e', "env", Required = true, HelpText = "Environment name under deploy: in mlops.yml, e.g. test.")]
    public string Env { get; set; } = "";

    [Option('m', "model", HelpText = "What to deploy (default: NAME@production).")]
    public string? Model { get; set; }

    [Option("stop", HelpText = "Stop what runs in the environment.")]
    public bool Stop { get; set; }

    [Option("registry", HelpText = "Registry folder.")]
    public string? Registry { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Deploy production to the test environment", new DeployVerb { Env = "test" }),
        new("Stop it", new DeployVerb { Env = "test", Stop = true }),
    ];
}
