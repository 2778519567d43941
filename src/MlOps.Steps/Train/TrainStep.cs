using System.Diagnostics;
using System.Text.Json;
using MlOps.CiHosts;
using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Steps.Common;
using MlOps.Training;

namespace MlOps.Steps.Train;

/// <summary>
/// Trains a model from mlops.yml. Everything is written to a staging folder beside the output and moved into
/// place only when the model, model.json and run.json are complete, so a failed run leaves nothing behind.
/// </summary>
public sealed class TrainStep(StepContext context)
{
    /// <summary>Always trains; writes train-result.json and the trained output like <see cref="RunIfChangedAsync"/>.</summary>
    public async Task<TrainResult> RunAsync(TrainOptions options, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(options.ConfigPath);
        var trainPath = TrainPath(config, options);
        var result = await TrainAsync(config, trainPath, options, ct);
        Record(config, options, new TrainOutcome(true, "training (--skip-if-unchanged not given)", null,
            new TrainingInputs(result.Run.Data[0].Sha256, result.Run.TrainSettingsSha256!), result));
        return result;
    }

    /// <summary>
    /// Trains unless the version behind NAME@<paramref name="alias"/> was trained on the same data and settings
    /// (<see cref="UnchangedCheck"/>); a skip is a success with outputs trained=false and skip_reason, and an audit event.
    /// </summary>
    public async Task<TrainOutcome> RunIfChangedAsync(TrainOptions options, string alias, CancellationToken ct = default)
    {
        var config = ConfigLoader.Load(options.ConfigPath);
        var trainPath = TrainPath(config, options);
        var inputs = TrainingInputs.Of(config, trainPath, options);
        var registry = RegistryLocator.Open(config, null);
        var decision = await UnchangedCheck.DecideAsync(registry, config.Model.Name, alias, inputs, ct);
        TrainOutcome outcome;
        if (decision.Skip)
        {
            context.Say($"training skipped: {decision.Reason}");
            context.Host.SetOutput("skip_reason", decision.Reason);
            await new Audit.TrainingSkipRecorder(context).RecordAsync(registry, alias, decision, inputs, ct);
            outcome = new TrainOutcome(false, decision.Reason, decision.Baseline?.Reference, inputs, null);
        }
        else
        {
            context.Say(decision.Reason);
            var result = await TrainAsync(config, trainPath, options, ct);
            outcome = new TrainOutcome(true, decision.Reason, decision.Baseline?.Reference, inputs, result);
        }
        Record(config, options, outcome);
        return outcome;
    }

    private static string TrainPath(MlOpsConfig config, TrainOptions options) =>
        config.Data.Train ?? throw new InvalidInputException($"{options.ConfigPath}: data.train is not set; it names the training CSV");

    /// <summary>Writes train-result.json and the trained output: what a pipeline's next steps branch on.</summary>
    private void Record(MlOpsConfig config, TrainOptions options, TrainOutcome outcome)
    {
        var path = Path.GetFullPath(options.ResultPath ?? Path.Combine(config.Directory, ".mlops", TrainOutcome.DefaultFileName));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Core.IO.AtomicFile.Write(path, JsonSerializer.Serialize(outcome, TrainOutcome.Json));
        context.Host.SetOutput("trained", outcome.Trained ? "true" : "false");
        context.Say($"  result: {path}");
    }

    private async Task<TrainResult> TrainAsync(MlOpsConfig config, string trainPath, TrainOptions options, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var output = Path.GetFullPath(options.OutputDirectory
            ?? Path.Combine(config.Directory, ".mlops", "runs", $"{config.Model.Name}-{started:yyyyMMdd-HHmmss}"));
        EnsureReplaceable(output);

        context.Host.BeginGroup($"train {config.Model.Name}");
        try
        {
            context.Host.SetProgress(5, "reading training data");
            var notes = new List<string>();
            var table = TableLoader.Load(trainPath, config.Data.Types, Relative(trainPath), notes);
            foreach (var note in notes) context.Host.LogIssue(IssueSeverity.Warning, note, Relative(trainPath));
            var excluded = config.Data.Exclude.Concat(options.Exclude ?? []).Distinct().ToList();
            var features = SelectFeatures(config, table, excluded);
            var classes = config.Model.Task == ModelTask.Regression ? [] : Labels.Distinct(table[config.Model.Label]);
            // Reading the labels now reports a bad label with its line before any time is spent training.
            var labels = Labels.From(table, config.Model.Task, config.Model.Label, config.Model.Positive, classes);
            foreach (var leak in LeakDetector.Find(table, features, labels))
                context.Host.LogIssue(IssueSeverity.Warning,
                    $"possible label leak: '{leak.Feature}' predicts '{config.Model.Label}' almost perfectly on its own ({leak.Measure} {leak.Value:0.000}); " +
                    "if it is only known after the outcome, add it to data.exclude", Relative(trainPath));
            var positive = config.Model.Task == ModelTask.BinaryClassification
                ? config.Model.Positive ?? Labels.GuessPositive(classes)
                : null;

            var staging = $"{output}.partial-{Guid.NewGuid():N}";
            Directory.CreateDirectory(staging);
            try
            {
                var seed = options.Seed ?? config.Train.Seed;
                ITrainer trainer = config.Train.Backend switch
                {
                    "command" => new CommandTrainer(),
                    "azureml" => new Training.AzureMl.AzureMlCommandTrainer(),
                    _ => new MlNetTrainer(),
                };
                context.Host.SetProgress(20, "training");
                var result = await trainer.TrainAsync(
                    new TrainingContext(config, table, features, classes, staging, seed, context.Say), ct);

                var card = new ModelCard(config.Model.Name, result.Format, Path.GetFileName(result.ModelFile), config.Model.Task,
                    config.Model.Label, positive, classes, features);
                card.Save(staging);
                var profile = DataProfile.Build(table, features.Select(f => f.Name));
                (profile with { Prediction = ProfilePredictions(card, staging, table) }).Save(staging);
                var run = new RunRecord(config.Model.Name, config.Model.Task.ToName(), config.Model.Label, result.Algorithm, seed,
                    result.Parameters, features.Select(f => f.Name).ToList(), excluded, config.FilePath, config.Sha256,
                    DataRecords(config, table), GitInfo.Read(config.Directory),
                    new ModelFileRecord(card.File, card.Format, FileHash.Sha256(result.ModelFile)),
                    started, Math.Round(clock.Elapsed.TotalSeconds, 2), typeof(TrainStep).Assembly.GetName().Version?.ToString() ?? "0",
                    result.Metrics, context.Host.Run, Lineage.GitRemote.Repository(context.Host.Run, config.Directory),
                    TrainingInputs.SettingsOf(config, options));
                File.WriteAllText(Path.Combine(staging, RunRecord.FileName), JsonSerializer.Serialize(run, RunRecord.Json));

                Publish(staging, output);
                var modelFile = Path.Combine(output, card.File);
                context.Host.SetProgress(100, "trained");
                context.Host.SetOutput("model_dir", output);
                context.Say($"trained {config.Model.Name} ({run.Trainer}, seed {seed}) in {run.DurationSeconds:0.0} s");
                context.Say($"  model:  {modelFile}");
                context.Say($"  run:    {Path.Combine(output, RunRecord.FileName)}");
                if (run.TrainerMetrics is { Count: > 0 } reported)
                    context.Say($"  trainer metrics: {string.Join(", ", reported.Select(m => $"{m.Key} {m.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}"))}");
                return new TrainResult(output, modelFile, run);
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
        }
        finally
        {
            context.Host.EndGroup();
        }
    }

    /// <summary>
    /// The model's outputs on its own training rows, for `mlops monitor` to compare live predictions with. A model this
    /// process cannot load (e.g. an ONNX file a training program wrote with inputs mlops does not map) still trains:
    /// monitoring then says the profile lacks predictions, which is better than losing the model.
    /// </summary>
    private FeatureProfile? ProfilePredictions(ModelCard card, string staging, Table table)
    {
        try
        {
            using var model = Models.ModelLoader.Load(staging);
            return DataProfile.Profile(PredictionColumn.From(card, model.Predict(table)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.Host.LogIssue(IssueSeverity.Warning,
                $"the model's predictions on its training data were not profiled ({e.Message}); mlops monitor will not check prediction drift for it");
            return null;
        }
    }

    private static IReadOnlyList<FeatureInfo> SelectFeatures(MlOpsConfig config, Table table, IReadOnlyList<string> excluded)
    {
        if (!table.Has(config.Model.Label))
            throw new InvalidInputException(
                $"{table.Source}: label column '{config.Model.Label}' (model.label) not found; columns are: {string.Join(", ", table.ColumnNames)}");
        var unknown = excluded.Where(e => !table.Has(e)).ToList();
        if (unknown.Count > 0)
            throw new InvalidInputException(
                $"{config.FilePath}: data.exclude names {string.Join(", ", unknown.Select(u => $"'{u}'"))}, not a column of {table.Source} (columns: {string.Join(", ", table.ColumnNames)})");
        var features = table.Columns
            .Where(c => c.Name != config.Model.Label && !excluded.Contains(c.Name))
            .Select(c => new FeatureInfo(c.Name, c.Kind)).ToList();
        return features.Count > 0
            ? features
            : throw new InvalidInputException($"{config.FilePath}: no feature columns are left after excluding {string.Join(", ", excluded)}");
    }

    private static List<DataFileRecord> DataRecords(MlOpsConfig config, Table train)
    {
        var records = new List<DataFileRecord> { new("train", config.Data.Train!, FileHash.Sha256(config.Data.Train!), train.RowCount, train.Columns.Count) };
        if (config.Data.Test is { } test && File.Exists(test))
        {
            var raw = CsvReader.Read(test);
            records.Add(new DataFileRecord("test", test, FileHash.Sha256(test), raw.Rows.Count, raw.Header.Length));
        }
        return records;
    }

    /// <summary>Refuses to overwrite a folder that is not an earlier mlops run: it may hold a user's files.</summary>
    private static void EnsureReplaceable(string output)
    {
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any()
            && !File.Exists(Path.Combine(output, ModelCard.FileName)))
            throw new InvalidInputException($"{output}: the output folder exists and is not an mlops training run; choose another --output");
    }

    private static void Publish(string staging, string output)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        if (Directory.Exists(output))
        {
            var old = $"{output}.old-{Guid.NewGuid():N}";
            Directory.Move(output, old);
            Directory.Move(staging, output);
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.Move(staging, output);
        }
    }

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);
}
