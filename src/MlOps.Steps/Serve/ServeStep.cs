using MlOps.Server;
using MlOps.Steps.Common;

namespace MlOps.Steps.Serve;

/// <param name="UrlFile">Written with the base URL once the server is ready; how `mlops deploy` learns a random port.</param>
/// <param name="ApiKey">When set, /score and /v1/model need it (from MLOPS_API_KEY: never a command-line flag, which `ps` shows).</param>
/// <param name="RequestLogPath">Sampled request/response log, one JSON object per line, for `mlops monitor`.</param>
/// <param name="DriftWindowRows">Rows the drift gauges on /metrics cover (0 = no drift gauges).</param>
public sealed record ServeOptions(string ModelReference, string Host = "127.0.0.1", int Port = 8080, string? UrlFile = null,
    string? RegistryPath = null, string? Name = null, string? ConfigPath = null, string? ApiKey = null,
    string? RequestLogPath = null, double RequestLogSampleRate = 1.0, int DriftWindowRows = ScoringServerOptions.DefaultDriftWindowRows)
{
    /// <summary>Score rows carrying keys the model does not have instead of answering 400.</summary>
    public bool IgnoreExtraColumns { get; init; }
}

/// <summary>Serves a model over HTTP until the process is asked to stop (Ctrl-C or SIGTERM).</summary>
public sealed class ServeStep(StepContext context)
{
    public async Task RunAsync(ServeOptions options, CancellationToken ct)
    {
        var config = options.ConfigPath is null ? null : Core.Config.ConfigLoader.Load(options.ConfigPath);
        var resolved = await ResolvedModel.ResolveAsync(options.ModelReference, RegistryLocator.Open(config, options.RegistryPath), ct);
        var server = new ScoringServerOptions(options.Host, options.Port, options.Name ?? resolved.RegistryVersion ?? resolved.Reference)
        {
            ApiKey = options.ApiKey,
            RequestLogPath = options.RequestLogPath is null ? null : Path.GetFullPath(options.RequestLogPath),
            RequestLogSampleRate = options.RequestLogSampleRate,
            DriftWindowRows = options.DriftWindowRows,
            IgnoreExtraColumns = options.IgnoreExtraColumns,
        };
        await ScoringHost.RunAsync(resolved.Path, server, url =>
        {
            if (options.UrlFile is not null) Core.IO.AtomicFile.Write(options.UrlFile, url);
            context.Say($"serving {options.Name ?? resolved.Reference} at {url}  (POST {url}/score, GET {url}/health/ready); Ctrl-C stops");
        }, ct);
    }
}
