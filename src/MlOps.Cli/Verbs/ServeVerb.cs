using CommandLine;
using CommandLine.Text;

namespace MlOps.Cli.Verbs;

[Verb("serve", HelpText = "Serve a model over HTTP: POST /score, GET /health/live, /health/ready, /v1/model, /metrics. Set MLOPS_API_KEY to require a key.")]
public sealed class ServeVerb
{
    [Option('m', "model", Required = true, HelpText = "Path, NAME:VERSION or NAME@ALIAS.")]
    public string Model { get; set; } = "";

    [Option('p', "port", Default = 8080, HelpText = "Port (0 = any free port).")]
    public int Port { get; set; } = 8080;

    [Option("host", Default = "127.0.0.1", HelpText = "Address to listen on.")]
    public string Host { get; set; } = "127.0.0.1";

    [Option("url-file", HelpText = "Write the base URL here once ready.")]
    public string? UrlFile { get; set; }

    [Option("name", HelpText = "Name reported in responses (default: the reference).")]
    public string? Name { get; set; }

    [Option("request-log", HelpText = "Append sampled requests and responses here as JSON lines (for monitoring).")]
    public string? RequestLog { get; set; }

    [Option("request-log-sample", Default = 1.0, HelpText = "Share of requests logged, 0 to 1.")]
    public double RequestLogSample { get; set; } = 1.0;

    [Option("ignore-extra-columns", HelpText = "Score rows that carry keys the model does not have (an id, the label) instead of answering 400.")]
    public bool IgnoreExtraColumns { get; set; }

    [Option("drift-window", Default = Server.ScoringServerOptions.DefaultDriftWindowRows,
        HelpText = "Rows of recent traffic the drift gauges on /metrics (PSI per feature and of the prediction vs the training data) cover; 0 = off.")]
    public int DriftWindow { get; set; } = Server.ScoringServerOptions.DefaultDriftWindowRows;

    [Option('c', "config", HelpText = "mlops.yml whose registry resolves NAME:VERSION / NAME@ALIAS (default: ./mlops.yml if present).")]
    public string? Config { get; set; }

    [Option("registry", HelpText = "Registry folder (default: .mlops/registry).")]
    public string? Registry { get; set; }

    [Usage(ApplicationAlias = "mlops")]
    public static IEnumerable<Example> Examples =>
    [
        new("Serve the production model on port 8080", new ServeVerb { Model = "adult-income@production" }),
        new("Log one request in ten for monitoring", new ServeVerb { Model = "adult-income@production", RequestLog = "requests.jsonl", RequestLogSample = 0.1 }),
    ];
}
