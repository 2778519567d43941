using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlOps.Core.Errors;

namespace MlOps.Training;

/// <summary>
/// Runs any training program (Python, R, a shell script...). Contract, documented in README: the program reads
/// MLOPS_TRAIN_DATA / MLOPS_TEST_DATA, MLOPS_LABEL, MLOPS_TASK, MLOPS_POSITIVE, MLOPS_FEATURES (comma-separated),
/// MLOPS_SEED and writes model.onnx or model.zip (and optionally params.json and metrics.json, its own metrics as a JSON
/// object of numbers) into MLOPS_OUTPUT_DIR. Its output is streamed; a non-zero exit is an external failure (exit 3)
/// showing its last lines, and so is a malformed params.json or metrics.json.
/// </summary>
public sealed class CommandTrainer : ITrainer
{
    private const int TailLines = 20;
    internal const string MetricsFile = "metrics.json";

    public async Task<TrainerOutput> TrainAsync(TrainingContext context, CancellationToken cancellationToken = default)
    {
        var command = context.Config.Train.Command!;
        var config = context.Config;
        var start = new ProcessStartInfo
        {
            FileName = OperatingSystem.IsWindows() ? "cmd.exe" : "/bin/sh",
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(OperatingSystem.IsWindows() ? "/c" : "-c");
        start.ArgumentList.Add(command.Run);
        foreach (var (key, value) in command.Env) start.Environment[key] = value;
        start.Environment["MLOPS_TRAIN_DATA"] = config.Data.Train;
        start.Environment["MLOPS_TEST_DATA"] = config.Data.Test ?? "";
        start.Environment["MLOPS_OUTPUT_DIR"] = context.OutputDirectory;
        start.Environment["MLOPS_LABEL"] = config.Model.Label;
        start.Environment["MLOPS_TASK"] = Core.Modeling.ModelTaskNames.ToName(config.Model.Task);
        start.Environment["MLOPS_POSITIVE"] = config.Model.Positive ?? "";
        start.Environment["MLOPS_FEATURES"] = string.Join(",", context.Features.Select(f => f.Name));
        start.Environment["MLOPS_SEED"] = context.Seed.ToString(CultureInfo.InvariantCulture);

        if (!Directory.Exists(command.WorkingDirectory))
            throw new InvalidInputException($"train.command.workdir '{command.WorkingDirectory}' does not exist");
        context.Log($"running: {command.Run}");
        var tail = new OutputTail(TailLines);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { context.Log(e.Data); tail.Add(e.Data, isError: false); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { context.Log(e.Data); tail.Add(e.Data, isError: true); } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ExternalFailureException($"train.command could not be started: {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(command.Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (cancellationToken.IsCancellationRequested) throw;
            throw new ExternalFailureException($"train.command did not finish within {command.Timeout.TotalMinutes} minutes and was stopped{tail.Describe()}");
        }
        process.WaitForExit(); // flushes the asynchronous output readers

        if (process.ExitCode != 0)
            throw new ExternalFailureException($"train.command exited with code {process.ExitCode}{tail.Describe()}");

        var model = new[] { "model.onnx", "model.zip" }.Select(f => Path.Combine(context.OutputDirectory, f)).FirstOrDefault(File.Exists)
            ?? throw new ExternalFailureException(
                $"train.command finished but left no model.onnx or model.zip in MLOPS_OUTPUT_DIR{tail.Describe()}");
        var parameters = ReadParams(Path.Combine(context.OutputDirectory, "params.json"));
        var metrics = ReadMetrics(Path.Combine(context.OutputDirectory, MetricsFile));
        return new TrainerOutput(model, model.EndsWith(".onnx") ? "onnx" : "mlnet", "command", parameters, metrics);
    }

    private static IReadOnlyDictionary<string, string> ReadParams(string path)
    {
        if (!File.Exists(path)) return new Dictionary<string, string>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        }
        catch (JsonException e)
        {
            throw new ExternalFailureException($"train.command wrote an invalid params.json: {e.Message}");
        }
    }

    /// <summary>
    /// metrics.json: a JSON object of metric name → number; nested objects are flattened with dots
    /// ({"validation": {"auc": 0.9}} → validation.auc). Anything else is an error naming the metric.
    /// </summary>
    internal static IReadOnlyDictionary<string, double>? ReadMetrics(string path)
    {
        if (!File.Exists(path)) return null;
        const string expected = "it must be a JSON object of metric names and numbers, e.g. {\"validation_auc\": 0.91}";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ExternalFailureException($"train.command wrote an invalid {MetricsFile}: {e.Message}; {expected}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ExternalFailureException(
                    $"train.command wrote an invalid {MetricsFile}: the top level is {Describe(doc.RootElement)}; {expected}");
            var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
            Flatten(doc.RootElement, "", metrics, expected);
            return metrics;
        }
    }

    private static void Flatten(JsonElement obj, string prefix, IDictionary<string, double> metrics, string expected)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var name = prefix + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object)
                Flatten(property.Value, name + ".", metrics, expected);
            else if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var value) && double.IsFinite(value))
                metrics[name] = value;
            else
                throw new ExternalFailureException(
                    $"train.command wrote an invalid {MetricsFile}: '{name}' is {Describe(property.Value)}, not a number; {expected}");
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"a string (\"{value.GetString()}\")",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => $"a boolean ({value.GetRawText()})",
        JsonValueKind.Object => "an object",
        _ => $"{value.GetRawText()}",
    };

}
