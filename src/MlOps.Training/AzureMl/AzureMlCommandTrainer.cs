using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using MlOps.Azure;
using MlOps.Azure.AzureMl;
using MlOps.Azure.Identity;
using MlOps.Azure.Storage;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Training.AzureMl;

/// <summary>
/// Runs train.azureml.command as an Azure ML command job: uploads the code folder as a code version, creates the
/// environment version, uploads the training data to the default datastore, submits the job on the compute (with
/// instance-count and PyTorch/MPI distribution), polls with backoff while streaming its std_log into the CI log, and
/// downloads the "model" output into the output folder. The program follows the same contract as train.command
/// (MLOPS_* variables, model.onnx or model.zip in MLOPS_OUTPUT_DIR, optional params.json and metrics.json).
/// Cancelling (Ctrl-C, pipeline cancel) cancels the job in Azure ML too.
/// </summary>
public sealed class AzureMlCommandTrainer(TokenCredential? credential = null, AzureMlClientOptions? options = null) : ITrainer
{
    private const int TailLines = 30;
    private const string ArtifactStore = "workspaceartifactstore";

    public async Task<TrainerOutput> TrainAsync(TrainingContext context, CancellationToken cancellationToken = default)
    {
        var settings = context.Config.Train.AzureMl
                       ?? throw new InvalidInputException($"{context.Config.FilePath}: train.backend is azureml but train.azureml is missing");
        var target = settings.Target;
        var scope = AzureMlScope.ForWorkspace(target.Subscription, target.ResourceGroup, target.Workspace!);
        var arm = new ArmPipeline(credential ?? AzureCredentialFactory.Create(),
            options ?? AzureMlClientOptions.FromEnvironment(armEndpoint: target.ArmEndpoint));
        var jobs = new JobsClient(scope, arm);
        var blobs = new DatastoreBlobs(new DatastoresClient(scope, arm));
        var model = context.Config.Model.Name;

        var spec = await AzureErrorMapper.GuardAsync("preparing the Azure ML job", async () =>
        {
            var codeId = await UploadCodeAsync(new CodeClient(scope, arm), model, settings.CodeDirectory, context.Log, cancellationToken).ConfigureAwait(false);
            var environmentId = await new EnvironmentsClient(scope, arm).CreateOrUpdateAsync($"{model}-env", EnvironmentVersion(settings),
                settings.Image, settings.CondaFile is null ? null : await File.ReadAllTextAsync(settings.CondaFile, cancellationToken).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            var datastore = await new DatastoresClient(scope, arm).GetDefaultAsync(cancellationToken).ConfigureAwait(false);
            var inputs = await UploadDataAsync(blobs, datastore.Name, context, cancellationToken).ConfigureAwait(false);
            var jobName = JobName(model);
            return JobSpecBuilder.Build(jobName, settings, context, codeId, environmentId, jobs.ComputeId(settings.Compute), inputs,
                AzureMlUri.ForDatastore(datastore.Name, $"mlops/jobs/{jobName}/model"));
        }).ConfigureAwait(false);

        var submitted = await AzureErrorMapper.GuardAsync("submitting the Azure ML job",
            () => jobs.CreateAsync(spec, cancellationToken)).ConfigureAwait(false);
        context.Log($"submitted Azure ML job {spec.Name} in workspace {scope.Workspace} on compute {settings.Compute} " +
                    $"({settings.InstanceCount} instance(s){(settings.DistributionType is { } d ? $", {d} x {settings.ProcessCountPerInstance} process(es) each" : "")})");

        var tail = new OutputTail(TailLines);
        var final = await AzureErrorMapper.GuardAsync($"following Azure ML job {spec.Name}",
            () => new JobMonitor(jobs, blobs, arm.Options, context.Log, tail).RunAsync(submitted, ArtifactStore,
                settings.DistributionType is not null, cancellationToken)).ConfigureAwait(false);
        if (!final.Succeeded)
            throw new ExternalFailureException($"Azure ML job {spec.Name} ended {final.Status}{tail.Describe()}");

        var outputUri = final.OutputUris.GetValueOrDefault("model") ?? spec.Outputs["model"].Uri;
        var written = await AzureErrorMapper.GuardAsync($"downloading the outputs of Azure ML job {spec.Name}", async () =>
            await BlobTransfer.DownloadAsync(await blobs.OpenAsync(outputUri, cancellationToken).ConfigureAwait(false),
                context.OutputDirectory, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        context.Log($"downloaded {written.Count} output file(s) of job {spec.Name}");
        return ReadOutputs(context, spec.Name);
    }

    private static async Task<string> UploadCodeAsync(CodeClient code, string model, string directory, Action<string> log, CancellationToken cancellationToken)
    {
        var files = CodeSnapshot.Files(directory);
        if (files.Count == 0) throw new InvalidInputException($"train.azureml.code '{directory}' holds no files to run");
        var name = $"{model}-code";
        var version = CodeSnapshot.Version(files);
        if (await code.GetVersionIdAsync(name, version, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            log($"code snapshot {name}:{version} is unchanged; reusing it");
            return existing;
        }
        var pending = await code.StartPendingUploadAsync(name, version, cancellationToken).ConfigureAwait(false);
        await BlobTransfer.UploadAsync(BlobClients.FromSasUri(pending.SasUri, code.Arm.Options), files, cancellationToken).ConfigureAwait(false);
        log($"uploaded code snapshot {name}:{version} ({files.Count} file(s))");
        return await code.CreateOrUpdateAsync(name, version, pending.BlobUri, new Dictionary<string, string> { ["mlops"] = "code" }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Uploads the CSVs content-addressed (mlops/data/{sha}/{file}) so a rerun on the same data reuses the path.</summary>
    private static async Task<Dictionary<string, JobData>> UploadDataAsync(DatastoreBlobs blobs, string datastore, TrainingContext context,
        CancellationToken cancellationToken)
    {
        var inputs = new Dictionary<string, JobData>(StringComparer.Ordinal);
        foreach (var (name, path) in new[] { ("train", context.Config.Data.Train), ("test", context.Config.Data.Test) })
        {
            if (path is null || !File.Exists(path)) continue;
            string sha;
            await using (var stream = File.OpenRead(path)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            var folderPath = $"mlops/data/{sha}";
            var folder = await blobs.OpenAsync(datastore, folderPath, cancellationToken).ConfigureAwait(false);
            await BlobTransfer.UploadAsync(folder, [(Path.GetFileName(path), path)], cancellationToken).ConfigureAwait(false);
            inputs[name] = new JobData("uri_file", $"azureml://datastores/{datastore}/paths/{folderPath}/{Path.GetFileName(path)}");
        }
        return inputs;
    }

    private static TrainerOutput ReadOutputs(TrainingContext context, string jobName)
    {
        var modelFile = new[] { "model.onnx", "model.zip" }.Select(f => Path.Combine(context.OutputDirectory, f)).FirstOrDefault(File.Exists)
            ?? throw new ExternalFailureException($"Azure ML job {jobName} completed but its model output holds no model.onnx or model.zip; " +
                                                  "the command must write one into MLOPS_OUTPUT_DIR");
        var parameters = ReadJsonMap(Path.Combine(context.OutputDirectory, "params.json"), jobName);
        // The same metrics.json contract as train.command, read by the same code.
        var metrics = CommandTrainer.ReadMetrics(Path.Combine(context.OutputDirectory, CommandTrainer.MetricsFile));
        if (metrics is { Count: > 0 })
            context.Log($"metrics reported by job {jobName}: {string.Join(", ", metrics.Select(m => $"{m.Key}={m.Value.ToString(CultureInfo.InvariantCulture)}"))}");
        var all = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { ["azureml.job"] = jobName };
        return new TrainerOutput(modelFile, modelFile.EndsWith(".onnx", StringComparison.Ordinal) ? "onnx" : "mlnet", "azureml-command", all, metrics);
    }

    private static Dictionary<string, string> ReadJsonMap(string path, string jobName)
    {
        if (!File.Exists(path)) return new Dictionary<string, string>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new ExternalFailureException($"Azure ML job {jobName} wrote an invalid {Path.GetFileName(path)}: {e.Message}");
        }
    }

    private static string EnvironmentVersion(AzureMlTrainSection settings)
    {
        var conda = settings.CondaFile is null ? "" : File.ReadAllText(settings.CondaFile);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings.Image + "\n" + conda)))[..16];
    }

    /// <summary>Unique, readable and valid as an ARM job name (letters, digits, '-' and '_').</summary>
    private static string JobName(string model)
    {
        var clean = new string(model.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? char.ToLowerInvariant(c) : '-').ToArray());
        return $"{clean}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";
    }
}
