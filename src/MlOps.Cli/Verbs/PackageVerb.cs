using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("package", HelpText = "Build the model's serving image without a container engine: base, app and model layers; OCI layout and/or docker-archive; optionally push it to an OCI registry (--push).")]
public sealed class PackageVerb : RegistryTargetVerb
{
    [Value(0, MetaName = "MODEL", Required = true, HelpText = "NAME:VERSION, NAME@ALIAS or a model folder.")]
    public string Model { get; set; } = "";

    [Option('o', "output", Default = "out/package", HelpText = "Output folder: oci/ (OCI layout), image.tar (docker-archive), package.json. Replaced whole.")]
    public string Output { get; set; } = "out/package";

    [Option("format", Default = "both", HelpText = "oci, docker-archive or both.")]
    public string Format { get; set; } = "both";

    [Option('t', "tag", HelpText = "Image NAME:TAG (default: model name and version, e.g. adult-income:3).")]
    public string? Tag { get; set; }

    [Option("app", HelpText = "Self-contained linux-x64 publish of the mlops CLI (default: this mlops, when it is one).")]
    public string? App { get; set; }

    [Option("cache", HelpText = "Layer cache folder (default: .mlops/cache/layers).")]
    public string? Cache { get; set; }

    [Option("validate", HelpText = "Boot the image with podman, score the test data, compare with offline scoring; exit 1 if it is not ready in time or predictions differ.")]
    public bool Validate { get; set; }

    [Option("data", HelpText = "CSV to score with --validate (default: data.test of mlops.yml).")]
    public string? Data { get; set; }

    [Option("ready-timeout", Default = 60.0, HelpText = "Seconds --validate waits for /health/ready.")]
    public double ReadyTimeout { get; set; } = 60.0;

    [Option("push", HelpText = "Push the image to REGISTRY/REPOSITORY[:TAG] (any OCI distribution registry, ACR too) after the build and a passed --validate (default: package.registry of mlops.yml); "
        + "blobs the registry has are skipped. Credentials from the environment only: MLOPS_REGISTRY_USERNAME + MLOPS_REGISTRY_PASSWORD, "
        + "else for *.azurecr.io the Azure identity (az login, AZURE_CLIENT_ID/AZURE_TENANT_ID/..., OIDC), else anonymous. 127.0.0.1/localhost registries use plain HTTP.")]
    public string? Push { get; set; }

    [Option("no-push", HelpText = "Build only, even when mlops.yml names package.registry.")]
    public bool NoPush { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Package the production model from a published CLI", ExampleSettings.Terse, new PackageVerb { Model = "adult-income@production", App = "out/publish" }),
        new("Only a docker-archive, with a chosen tag", ExampleSettings.Terse, new PackageVerb { Model = "adult-income:3", Format = "docker-archive", Tag = "adult-income:candidate" }),
        new("Build, boot-check and push to Azure Container Registry", ExampleSettings.Terse, new PackageVerb { Model = "adult-income@production", App = "out/publish", Validate = true, Push = "myregistry.azurecr.io/adult-income:3" }),
    ];
}
