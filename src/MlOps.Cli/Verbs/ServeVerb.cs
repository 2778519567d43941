using CommandLine;
using CommandLine.Text;
using MlOps.Server;

namespace MlOps.Cli.Verbs;

/// <summary>The server's own flags (<see cref="ServeArguments"/>, shared with the image's mlops-serve) plus registry lookup.</summary>
[Verb("serve", HelpText = "Serve a model over HTTP: POST /score, GET /health/live, /health/ready, /v1/model, /metrics. Set MLOPS_API_KEY to require a key.")]
public sealed class ServeVerb : ServeArguments
{
    [Option('c', "config", HelpText = "mlops.yml whose registry resolves NAME:VERSION / NAME@ALIAS (default: ./mlops.yml if present).")]
    public string? Config { get; set; }

    [Option("registry", HelpText = "Registry folder (default: .mlops/registry).")]
    public string? Registry { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Serve the production model on port 8080", ExampleSettings.Terse, new ServeVerb { Model = "adult-income@production" }),
        new("Log one request in ten for monitoring", ExampleSettings.Terse, new ServeVerb { Model = "adult-income@production", RequestLog = "requests.jsonl", RequestLogSample = 0.1 }),
    ];
}
