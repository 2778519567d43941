using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("deploy", HelpText = "Deploy a model to an environment of mlops.yml with the target it chose (local: servers on loopback behind a router; aci: Azure Container Instances; aks: Kubernetes; azureml-endpoint: Azure ML online endpoints), as a canary with automatic rollback when its rollout says so.")]
public sealed class DeployVerb
{
    [Option('c', "config", Default = "mlops.yml", HelpText = "Path to mlops.yml.")]
    public string Config { get; set; } = "mlops.yml";

    [Option('e', "env", HelpText = "Environment name under deploy: in mlops.yml, e.g. test (same as --environment).")]
    public string? Env { get; set; }

    [Option("environment", HelpText = "Environment name under deploy: in mlops.yml (same as --env).")]
    public string? Environment { get; set; }

    [Option('m', "model", HelpText = "What to deploy (default: the model of --package, else NAME@production).")]
    public string? Model { get; set; }

    [Option("image", HelpText = "Container targets (aci): the image to run, REGISTRY/NAME:TAG.")]
    public string? Image { get; set; }

    [Option("package", HelpText = "Container targets (aci): the --output folder of 'mlops package'; its image and model are deployed.")]
    public string? Package { get; set; }

    [Option("stop", HelpText = "Stop what runs in the environment (aci: delete the container group).")]
    public bool Stop { get; set; }

    [Option("status", HelpText = "Show what runs in the environment and whether it is ready.")]
    public bool Status { get; set; }

    [Option("registry", HelpText = "Registry folder.")]
    public string? Registry { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Deploy production to the test environment", new DeployVerb { Env = "test" }),
        new("Deploy a packaged image to an aci environment", new DeployVerb { Env = "test", Package = "out/image" }),
        new("Stop it", new DeployVerb { Env = "test", Stop = true }),
    ];
}
