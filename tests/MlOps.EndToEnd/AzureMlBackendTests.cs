using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlOps.Azure.Tests.Fake;

namespace MlOps.EndToEnd;

/// <summary>
/// train.backend azureml and registry.backend azureml through the real mlops process, against the HTTPS fake of Azure
/// ML, blob storage and Entra ID (tests/MlOps.Azure.Tests/Fake, fixtures from shared/fixtures). The process gets no
/// test hook: it signs in with the client-secret credential (AZURE_AUTHORITY_HOST = the fake's token endpoint), trusts
/// the fake's self-signed certificate through SSL_CERT_FILE (OpenSSL's root store override on Linux), and is pointed
/// at the fake by arm-endpoint in mlops.yml and MLOPS_AZURE_STORAGE_ENDPOINT, as a user would point it at another cloud.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class AzureMlBackendTests
{
    private const string Model = "cancer";
    private Workspace _ws = null!;
    private string _train = "", _test = "";
    private byte[] _modelZip = [];

    /// <summary>The job's "trained" model: FastTree trained locally on the same data, so evaluate can score it for real.</summary>
    [OneTimeSetUp]
    public void TrainTheModelTheFakeJobWillOutput()
    {
        _ws = new Workspace();
        (_train, _test) = _ws.Split("breast_cancer_wisconsin.csv");
        _ws.Write("local.yml", $$"""
            model: { name: {{Model}}, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{_train}}, test: {{_test}} }
            train: { backend: mlnet, mlnet: { trainer: fasttree, trees: 20, leaves: 8 } }
            """);
        var local = _ws.Mlops("train", "--config", "local.yml", "--output", "runs/local");
        Assert.That(local.ExitCode, Is.EqualTo(0), local.ToString());
        _modelZip = File.ReadAllBytes(_ws.PathOf("runs/local/model.zip"));
    }

    [OneTimeTearDown]
    public void Cleanup() => _ws.Dispose();

    [Test]
    public async Task Train_as_an_Azure_ML_job_register_promote_and_gate_against_the_production_model_in_Azure_ML()
    {
        await using var fake = await FakeAzureMl.StartAsync();
        fake.Arm.JobScript = ["Running", "Completed"]; // two polls (5 s each: the product's first poll interval)
        fake.Arm.JobOutputs["model.zip"] = _modelZip;
        fake.Arm.JobOutputs["metrics.json"] = Encoding.UTF8.GetBytes("""{"auc": 0.987, "loss": {"final": 0.12}}""");
        fake.Arm.JobOutputs["params.json"] = Encoding.UTF8.GetBytes("""{"trees": 20}""");
        var dir = Project(fake, "flow");

        // train: code snapshot, data upload, job submit, log streaming, output download
        var train = Mlops(fake, dir, "train", "--output", "runs/aml");
        Assert.That(train.ExitCode, Is.EqualTo(0), train.ToString());
        var job = fake.Arm.Jobs.Keys.Single();
        Assert.That(train.Stdout, Does.Contain($"submitted Azure ML job {job} in workspace {FakeAzureMl.Workspace} on compute cpu-cluster (1 instance(s))"));
        Assert.That(train.Stdout, Does.Contain("uploaded code snapshot cancer-code:"));
        Assert.That(train.Stdout, Does.Contain("epoch 2 loss 0.3"), "the job's std_log is streamed into the CI log");
        Assert.That(train.Stdout, Does.Contain($"job {job}: Running").And.Contain($"job {job}: Completed"));
        Assert.That(train.Stdout, Does.Contain($"downloaded 3 output file(s) of job {job}"));
        Assert.That(train.Stdout, Does.Contain("trained cancer (azureml-command, seed 42)"));
        Assert.That(train.Stdout, Does.Contain("trainer metrics: auc 0.987, loss.final 0.12"));
        Assert.That(File.ReadAllBytes(Path.Combine(dir, "runs/aml/model.zip")), Is.EqualTo(_modelZip), "the job's model output is the run's model");
        using (var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "runs/aml/run.json"))))
        {
            Assert.That(run.RootElement.GetProperty("trainer").GetString(), Is.EqualTo("azureml-command"));
            Assert.That(run.RootElement.GetProperty("parameters").GetProperty("azureml.job").GetString(), Is.EqualTo(job));
            Assert.That(run.RootElement.GetProperty("parameters").GetProperty("trees").GetString(), Is.EqualTo("20"));
        }
        var submitted = fake.Arm.Stored($"/jobs/{job}")!["properties"]!;
        Assert.That(submitted["command"]!.GetValue<string>(), Does.EndWith("&& python train.py"));
        Assert.That(submitted["environmentVariables"]!["MLOPS_LABEL"]!.GetValue<string>(), Is.EqualTo("diagnosis"));
        Assert.That(Blob(fake, "/code-uploads/", "/train.py"), Is.EqualTo("print('training')\n"u8.ToArray()));
        Assert.That(Blob(fake, "/azureml-blobstore/mlops/data/", "/" + Path.GetFileName(_train)), Is.EqualTo(File.ReadAllBytes(_train)));
        Assert.That(fake.EntraId.TokenRequests, Has.Some.Matches<(string Tenant, string ClientId, string Scope)>(
            t => t.Tenant == "fake-tenant" && t.ClientId == "mlops-ci" && t.Scope == "https://management.azure.com/.default"),
            "the CLI signed in through the fake's token endpoint with the client secret");

        // register: files to the default datastore, version created with If-None-Match: *
        var register = Mlops(fake, dir, "register", "--model", "runs/aml");
        Assert.That(register.ExitCode, Is.EqualTo(0), register.ToString());
        Assert.That(register.Stdout.Trim().Split('\n').Last(), Is.EqualTo("cancer:1"));
        Assert.That(register.Stdout, Does.Contain($"registry: Azure ML workspace '{FakeAzureMl.Workspace}'"));
        var created = fake.Requests.Single(r => r.Method == "PUT" && r.Path.EndsWith("/models/cancer/versions/1"));
        Assert.That((created.Status, created.IfNoneMatch), Is.EqualTo((201, "*")));
        var version = fake.Arm.Stored("/models/cancer/versions/1")!["properties"]!;
        var modelUri = version["modelUri"]!.GetValue<string>();
        Assert.That(modelUri, Does.StartWith("azureml://datastores/workspaceblobstore/paths/mlops/models/cancer/1/"));
        var folder = "/azureml-blobstore/" + modelUri.Split("/paths/")[1].TrimEnd('/') + "/";
        Assert.That(Blob(fake, folder, "/model.zip"), Is.EqualTo(_modelZip), "the registered files are uploaded byte for byte");
        Assert.That(Encoding.UTF8.GetString(Blob(fake, folder, "/model.json")), Does.Contain("\"name\": \"cancer\"").Or.Contain("\"name\":\"cancer\""));
        Assert.That(version["properties"]!["model.sha256"]!.GetValue<string>(), Is.EqualTo(Sha256(_modelZip)));
        Assert.That(version["properties"]!["trainer"]!.GetValue<string>(), Is.EqualTo("azureml-command"));

        // promote: the alias is a container tag, moved with If-Match on the ETag just read
        var promote = Mlops(fake, dir, "promote", "cancer:1", "--alias", "production", "--expect", "0");
        Assert.That(promote.ExitCode, Is.EqualTo(0), promote.ToString());
        Assert.That(promote.Stdout, Does.Contain("promoted cancer:1 to cancer@production"));
        var move = fake.Requests.Last(r => r.Method == "PUT" && r.Path.EndsWith("/models/cancer"));
        Assert.That(move.Status, Is.EqualTo(200));
        Assert.That(move.IfMatch, Is.Not.Empty, "the alias moves only if the container is unchanged since it was read");
        Assert.That(fake.Arm.Stored("/models/cancer")!["properties"]!["tags"]!["mlops.alias.production"]!.GetValue<string>(), Is.EqualTo("1"));

        // evaluate: the baseline cancer@production comes from Azure ML (downloaded afresh, hash-checked)
        Directory.Delete(Path.Combine(dir, ".mlops", "azureml-cache"), recursive: true);
        var downloadsBefore = fake.Requests.Count(r => r.Method == "GET" && r.Path.StartsWith($"/{FakeAzureMl.StorageAccount}/azureml-blobstore/mlops/models/cancer/1/"));
        var evaluate = Mlops(fake, dir, "evaluate", "--model", "runs/aml", "--report", "reports/aml");
        Assert.That(evaluate.ExitCode, Is.EqualTo(0), evaluate.ToString());
        Assert.That(evaluate.Stdout, Does.Contain("quality gate passed"));
        Assert.That(fake.Requests.Count(r => r.Method == "GET" && r.Path.StartsWith($"/{FakeAzureMl.StorageAccount}/azureml-blobstore/mlops/models/cancer/1/")),
            Is.GreaterThan(downloadsBefore), "the production model's files were downloaded from the workspace datastore");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "reports/aml/report.json")));
        var baseline = report.RootElement.GetProperty("baseline");
        Assert.That(baseline.GetProperty("reference").GetString(), Is.EqualTo("cancer@production"));
        Assert.That(baseline.GetProperty("sha256").GetString(), Is.EqualTo(Sha256(_modelZip)));
        Assert.That(report.RootElement.GetProperty("gates").EnumerateArray().Any(g => g.GetProperty("kind").GetString() == "baseline"), Is.True,
            "the candidate was gated against the Azure ML production model");
    }

    [Test]
    public async Task Two_pipelines_promoting_from_the_same_production_version_cannot_both_win()
    {
        await using var fake = await FakeAzureMl.StartAsync();
        var dir = Project(fake, "race");
        CopyLocalRun(dir);
        for (var i = 1; i <= 3; i++)
        {
            var register = Mlops(fake, dir, "register", "--model", "runs/local");
            Assert.That(register.ExitCode, Is.EqualTo(0), register.ToString());
            Assert.That(register.Stdout.Trim().Split('\n').Last(), Is.EqualTo($"cancer:{i}"));
        }
        Assert.That(Mlops(fake, dir, "promote", "cancer:1", "--alias", "production").ExitCode, Is.EqualTo(0));

        // Both read production = 1 and the same container ETag; their conditional writes reach Azure ML together.
        fake.HoldUntilConcurrent("PUT", "/models/cancer", 2, TimeSpan.FromSeconds(20));
        var runs = await Task.WhenAll(
            Task.Run(() => Mlops(fake, dir, "promote", "cancer:2", "--alias", "production", "--expect", "1")),
            Task.Run(() => Mlops(fake, dir, "promote", "cancer:3", "--alias", "production", "--expect", "1")));

        var winners = runs.Where(r => r.ExitCode == 0).ToList();
        var losers = runs.Where(r => r.ExitCode != 0).ToList();
        Assert.That(winners, Has.Count.EqualTo(1), string.Join("\n", runs.Select(r => r.ToString())));
        Assert.That(losers.Single().ExitCode, Is.EqualTo(2), losers.Single().ToString());
        Assert.That(losers.Single().Stderr, Does.Contain("alias 'cancer@production' was changed by someone else meanwhile (Azure ML answered 412); " +
                                                         "nothing was overwritten: check the new state and retry"));
        var puts = fake.Requests.Where(r => r.Method == "PUT" && r.Path.EndsWith("/models/cancer")).TakeLast(2).ToList();
        Assert.That(puts.Select(p => p.Status), Is.EquivalentTo(new[] { 200, 412 }));
        Assert.That(puts[0].IfMatch, Is.EqualTo(puts[1].IfMatch).And.Not.Empty, "both wrote conditionally on the ETag they had read");
        var won = winners.Single().Stdout.Contains("promoted cancer:2") ? "2" : "3";
        Assert.That(winners.Single().Stdout, Does.Contain($"promoted cancer:{won} to cancer@production (was cancer:1)"));
        Assert.That(fake.Arm.Stored("/models/cancer")!["properties"]!["tags"]!["mlops.alias.production"]!.GetValue<string>(), Is.EqualTo(won),
            "the winner's promotion stands; the loser overwrote nothing");

        // A pipeline that retries with its stale expectation is refused before writing anything.
        var writesBefore = fake.Requests.Count(r => r.Method == "PUT");
        var stale = Mlops(fake, dir, "promote", won == "2" ? "cancer:3" : "cancer:2", "--alias", "production", "--expect", "1");
        Assert.That(stale.ExitCode, Is.EqualTo(2), stale.ToString());
        Assert.That(stale.Stderr, Does.Contain($"alias 'cancer@production' points at version {won}, not version 1 as expected: it was changed meanwhile"));
        Assert.That(fake.Requests.Count(r => r.Method == "PUT"), Is.EqualTo(writesBefore));
    }

    [Test]
    public async Task A_rejected_token_or_a_wrong_secret_is_exit_2_naming_the_service_connection()
    {
        await using var fake = await FakeAzureMl.StartAsync();
        var dir = Project(fake, "denied");
        CopyLocalRun(dir);
        fake.RejectAllTokens = true;

        var register = Mlops(fake, dir, "register", "--model", "runs/local");
        Assert.That(register.ExitCode, Is.EqualTo(2), register.ToString());
        Assert.That(register.Stderr, Does.Contain("401 from Azure ML while registering cancer: the token was rejected; check your service connection"));
        Assert.That(register.Stderr, Does.Not.Contain("   at "), "no stack trace for a credentials problem");

        var train = Mlops(fake, dir, "train", "--output", "runs/aml");
        Assert.That(train.ExitCode, Is.EqualTo(2), train.ToString());
        Assert.That(train.Stderr, Does.Contain("401 from Azure ML while preparing the Azure ML job").And.Contain("check your service connection"));
        Assert.That(fake.Arm.Jobs, Is.Empty);
        Assert.That(Directory.Exists(Path.Combine(dir, "runs/aml")), Is.False, "a failed run leaves nothing behind");

        fake.RejectAllTokens = false;
        var wrongSecret = Mlops(fake, dir, new Dictionary<string, string> { ["AZURE_CLIENT_SECRET"] = "expired-secret" },
            "register", "--model", "runs/local");
        Assert.That(wrongSecret.ExitCode, Is.EqualTo(2), wrongSecret.ToString());
        Assert.That(wrongSecret.Stderr, Does.Contain("Azure sign-in failed while registering cancer: check your service connection"));
        Assert.That(wrongSecret.Stderr, Does.Contain("AADSTS7000215"));
        Assert.That(fake.Requests.Any(r => r.Path.StartsWith("/subscriptions") && r.Method == "PUT"), Is.False, "nothing was written");
    }

    /// <summary>A project folder whose mlops.yml trains on and registers into the fake's workspace.</summary>
    private string Project(FakeAzureMl fake, string name)
    {
        var arm = fake.BaseUri.ToString().TrimEnd('/');
        _ws.Write($"{name}/src/train.py", "print('training')\n");
        return Path.GetDirectoryName(_ws.Write($"{name}/mlops.yml", $$"""
            model: { name: {{Model}}, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{_train}}, test: {{_test}} }
            train:
              backend: azureml
              azureml:
                subscription: {{FakeAzureMl.Subscription}}
                resource-group: {{FakeAzureMl.ResourceGroup}}
                workspace: {{FakeAzureMl.Workspace}}
                arm-endpoint: {{arm}}
                compute: cpu-cluster
                environment: { image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04 }
                command: python train.py
                code: src
            evaluate:
              thresholds: { auc: ">= 0.9" }
              baseline: { alias: production, margin: { auc: 0.01 } }
            registry:
              backend: azureml
              azureml:
                subscription: {{FakeAzureMl.Subscription}}
                resource-group: {{FakeAzureMl.ResourceGroup}}
                workspace: {{FakeAzureMl.Workspace}}
                arm-endpoint: {{arm}}
            """))!;
    }

    private void CopyLocalRun(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "runs", "local"));
        foreach (var file in Directory.GetFiles(_ws.PathOf("runs/local")))
            File.Copy(file, Path.Combine(dir, "runs", "local", Path.GetFileName(file)));
    }

    private CliRun Mlops(FakeAzureMl fake, string dir, params string[] args) => Mlops(fake, dir, null, args);

    /// <summary>mlops as a pipeline step would run it, signed in to the fake (<see cref="FakeAzureSignIn"/>).</summary>
    private CliRun Mlops(FakeAzureMl fake, string dir, IDictionary<string, string>? extra, params string[] args)
    {
        var env = FakeAzureSignIn.Environment(fake, dir);
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) env[k] = v;
        // Bounded: a train job is two 5 s polls; every other command is a handful of requests to the loopback fake.
        return MlOpsCli.RunWithin(TimeSpan.FromSeconds(args[0] == "train" ? 40 : 25), dir, env, args);
    }

    private static byte[] Blob(FakeAzureMl fake, string under, string endsWith) =>
        fake.Blobs.Contents.Single(b => b.Key.StartsWith($"/{FakeAzureMl.StorageAccount}{under}", StringComparison.Ordinal)
                                        && b.Key.EndsWith(endsWith, StringComparison.Ordinal)).Value;

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
