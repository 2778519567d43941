using CommandLine;

namespace MlOps.Cli.Verbs;

/// <summary>The options every verb that changes the registry takes to find it.</summary>
public abstract class RegistryTargetVerb
{
    [Option('c', "config", HelpText = "mlops.yml whose registry to use (default: ./mlops.yml if present).")]
    public string? Config { get; set; }

    [Option("registry", HelpText = "Registry folder.")]
    public string? Registry { get; set; }
}
