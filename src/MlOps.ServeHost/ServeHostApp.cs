using System.Runtime.InteropServices;
using CommandLine;
using CommandLine.Text;
using MlOps.Core.Errors;
using MlOps.Core.IO;
using MlOps.Server;

namespace MlOps.ServeHost;

/// <summary>
/// mlops-serve: `mlops serve` for a model folder, without the rest of the CLI. Same flags (<see cref="ServeArguments"/>),
/// same exit codes; stops gracefully on SIGTERM (`podman stop`) or Ctrl-C.
/// </summary>
public static class ServeHostApp
{
    public static async Task<int> RunAsync(string[] args, string? apiKey, TextWriter stdout, TextWriter stderr)
    {
        using var parser = new Parser(s => s.HelpWriter = null);
        var parsed = parser.ParseArguments<ServeArguments>(args);
        if (parsed is NotParsed<ServeArguments> notParsed)
        {
            var help = HelpText.AutoBuild(notParsed, h =>
            {
                h.Heading = "mlops-serve — the scoring server of an mlops image (POST /score, GET /health/ready, /metrics, /v1/model)";
                h.Copyright = "exit codes: 0 ok · 2 invalid input · 4 internal error; MLOPS_API_KEY requires a key";
                return HelpText.DefaultParsingErrorsHandler(notParsed, h); // names the bad flag or value
            }, e => e);
            var asked = notParsed.Errors.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.VersionRequestedError);
            (asked ? stdout : stderr).WriteLine(help);
            return asked ? ExitCodes.Success : ExitCodes.InvalidInput;
        }

        var a = parsed.Value;
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        try
        {
            var options = new ScoringServerOptions(a.Host, a.Port, a.Name ?? a.Model)
            {
                ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey,
                RequestLogPath = a.RequestLog is null ? null : Path.GetFullPath(a.RequestLog),
                RequestLogSampleRate = a.RequestLogSample,
                DriftWindowRows = a.DriftWindow,
                IgnoreExtraColumns = a.IgnoreExtraColumns,
            };
            await ScoringHost.RunAsync(a.Model, options, url =>
            {
                if (a.UrlFile is not null) AtomicFile.Write(a.UrlFile, url);
                stdout.WriteLine($"serving {options.ModelReference} at {url}  (POST {url}/score, GET {url}/health/ready)");
            }, stop.Token);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Success; // stopped while still starting: what was asked
        }
        catch (MlOpsException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"internal error: {e}");
            return ExitCodes.InternalError;
        }
    }
}
