using System.Diagnostics;
using System.Globalization;
using MlOps.Core.Errors;

namespace MlOps.Training;

/// <summary>
/// Runs any training program (Python, R, a shell script...). Contract, documented in README: the program reads
/// MLOPS_TRAIN_DATA / MLOPS_TEST_DATA, MLOPS_LABEL, MLOPS_TASK, MLOPS_POSITIVE, MLOPS_FEATURES (comma-separated),
/// MLOPS_SEED and writes model.onnx or model.zip (and optionally params.json) into MLOPS_OUTPUT_DIR. Its output is
/// streamed; a non-zero exit is an external failure (exit 3) showing its last lines.
/// </summary>
public sealed class CommandTrainer : ITrainer
{
    private const int TailLines = 20;

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
        return new TrainerOutput(model, model.EndsWith(".onnx") ? "onnx" : "mlnet", "command", parameters);
    }

    private static IReadOnlyDictionary<string, string> ReadParams(string path)
    {
        if (!File.Exists(path)) return new Dictionary<string, string>();
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ExternalFailureException($"train.command wrote an invalid params.json: {e.Message}");
        }
    }

}
