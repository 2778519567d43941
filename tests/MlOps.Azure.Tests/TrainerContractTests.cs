using System.Text;
using MlOps.Azure.Tests.Fake;
using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Training;
using MlOps.Training.AzureMl;

namespace MlOps.Azure.Tests;

/// <summary>AzureMlCommandTrainer against the fake: code upload, environment, job submit/poll/logs/outputs/metrics, failure, cancel.</summary>
public sealed class TrainerContractTests
{
    private FakeAzureMl _fake = null!;
    private string _dir = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _fake = await FakeAzureMl.StartAsync();
        _dir = Directory.CreateTempSubdirectory("mlops-aml-train-").FullName;
        Directory.CreateDirectory(Path.Combine(_dir, "src"));
        File.WriteAllText(Path.Combine(_dir, "src", "train.py"), "print('training')\n");
        File.WriteAllText(Path.Combine(_dir, "train.csv"), "x,y\n1,0\n2,1\n3,0\n4,1\n");
        File.WriteAllText(Path.Combine(_dir, "mlops.yml"), $"""
            model: {"{"} name: adult, task: binary-classification, label: y {"}"}
            data: {"{"} train: train.csv {"}"}
            train:
              backend: azureml
              azureml:
                subscription: {FakeAzureMl.Subscription}
                resource-group: {FakeAzureMl.ResourceGroup}
                workspace: {FakeAzureMl.Workspace}
                compute: gpu-cluster
                instance-count: 2
                distribution: {"{"} type: pytorch, process-count-per-instance: 4 {"}"}
                environment: {"{"} image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04 {"}"}
                command: python train.py
                code: src
            """);
        _fake.Arm.JobOutputs["model.onnx"] = Encoding.UTF8.GetBytes("onnx-model");
        _fake.Arm.JobOutputs["metrics.json"] = Encoding.UTF8.GetBytes("""{"auc": 0.91}""");
        _fake.Arm.JobOutputs["params.json"] = Encoding.UTF8.GetBytes("""{"epochs": 2}""");
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private (TrainingContext Context, List<string> Log) Context()
    {
        var config = ConfigLoader.Load(Path.Combine(_dir, "mlops.yml"));
        var table = TableLoader.Load(config.Data.Train!);
        var output = Path.Combine(_dir, "out");
        Directory.CreateDirectory(output);
        var log = new List<string>();
        return (new TrainingContext(config, table, [new FeatureInfo("x", ColumnKind.Numeric)], ["0", "1"], output, 7, line => { lock (log) log.Add(line); }), log);
    }

    private AzureMlCommandTrainer Trainer() => new(new StaticTokenCredential(), _fake.Options());

    [Test]
    public async Task A_job_is_submitted_polled_until_completed_its_logs_streamed_and_outputs_and_metrics_read_back()
    {
        var (context, log) = Context();

        var result = await Trainer().TrainAsync(context);

        Assert.That(File.ReadAllText(result.ModelFile), Is.EqualTo("onnx-model"));
        Assert.That(result.Format, Is.EqualTo("onnx"));
        Assert.That(result.Metrics!["auc"], Is.EqualTo(0.91));
        Assert.That(result.Parameters["epochs"], Is.EqualTo("2"));
        Assert.That(log, Has.Some.Contains("epoch 2 loss 0.3"), "std_log lines reach the CI log");
        Assert.That(log, Has.Some.EqualTo($"job {result.Parameters["azureml.job"]}: Completed"));
        Assert.That(log, Has.Some.Contains("metrics reported by job").And.Contains("auc=0.91"));

        var job = _fake.Arm.Stored($"/jobs/{result.Parameters["azureml.job"]}")!["properties"]!;
        Assert.That(job["computeId"]!.GetValue<string>(), Does.EndWith("/computes/gpu-cluster"));
        Assert.That(job["resources"]!["instanceCount"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(job["distribution"]!["distributionType"]!.GetValue<string>(), Is.EqualTo("PyTorch"));
        Assert.That(job["distribution"]!["processCountPerInstance"]!.GetValue<int>(), Is.EqualTo(4));
        Assert.That(job["command"]!.GetValue<string>(), Does.Contain("MLOPS_OUTPUT_DIR=\"${{outputs.model}}\"").And.EndWith("python train.py"));
        Assert.That(job["environmentVariables"]!["MLOPS_SEED"]!.GetValue<string>(), Is.EqualTo("7"));
        var code = _fake.Blobs.Contents.Single(b => b.Key.StartsWith("/fakestorage/code-uploads/") && b.Key.EndsWith("/train.py"));
        Assert.That(Encoding.UTF8.GetString(code.Value), Is.EqualTo("print('training')\n"));
        Assert.That(_fake.Blobs.WrittenWith[code.Key], Is.EqualTo("sas"));
        Assert.That(_fake.Blobs.Contents.Keys, Has.Some.Matches<string>(k => k!.StartsWith("/fakestorage/azureml-blobstore/mlops/data/") && k.EndsWith("/train.csv")));
    }

    [Test]
    public async Task An_unchanged_code_folder_reuses_its_snapshot()
    {
        await Trainer().TrainAsync(Context().Context);
        var (context, log) = Context();

        await Trainer().TrainAsync(context);

        Assert.That(_fake.Requests.Count(r => r.Path.EndsWith("/startPendingUpload")), Is.EqualTo(1));
        Assert.That(log, Has.Some.Contains("is unchanged; reusing it"));
    }

    [Test]
    public async Task A_failed_job_reports_its_status_and_last_log_lines()
    {
        _fake.Arm.JobScript = ["Running", "Failed"];

        var error = await Assert.ThrowsAsync<ExternalFailureException>(() => Trainer().TrainAsync(Context().Context));

        Assert.That(error!.Message, Does.Contain("ended Failed").And.Contain("ValueError: label column missing").And.Contain("epoch 1 loss 0.5"));
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.ExternalFailure));
    }

    [Test]
    public async Task Cancelling_the_pipeline_cancels_the_job_in_Azure_ML()
    {
        _fake.Arm.JobScript = ["Queued", .. Enumerable.Repeat("Running", 1000)];
        var (context, log) = Context();
        using var cancel = new CancellationTokenSource();
        var watched = context with
        {
            Log = line =>
            {
                lock (log) log.Add(line);
                if (line.EndsWith(": Running", StringComparison.Ordinal)) cancel.Cancel(); // Ctrl-C while it runs
            },
        };

        await Assert.CatchAsync<OperationCanceledException>(() => Trainer().TrainAsync(watched, cancel.Token));

        Assert.That(_fake.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/cancel")), Is.EqualTo(1));
        Assert.That(_fake.Arm.Jobs.Values.Single().CancelRequested, Is.True);
        Assert.That(log, Has.Some.Contains("cancel requested for Azure ML job"));
    }
}
