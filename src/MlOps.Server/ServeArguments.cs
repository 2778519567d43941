using CommandLine;

namespace MlOps.Server;

/// <summary>
/// The flags of a scoring server, declared once for both programs that run one: `mlops serve` (which adds registry
/// lookup) and the image's entrypoint mlops-serve, so `podman run IMAGE --model /model --port N` takes exactly what
/// `mlops serve` takes.
/// </summary>
public class ServeArguments
{
    [Option('m', "model", Required = true, HelpText = "Model folder or file; `mlops serve` also takes NAME:VERSION or NAME@ALIAS.")]
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

    [Option("drift-window", Default = ScoringServerOptions.DefaultDriftWindowRows,
        HelpText = "Rows of recent traffic the drift gauges on /metrics (PSI per feature and of the prediction vs the training data) cover; 0 = off.")]
    public int DriftWindow { get; set; } = ScoringServerOptions.DefaultDriftWindowRows;
}
