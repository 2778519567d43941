using MlOps.Azure.Tests.Fake;

namespace MlOps.EndToEnd;

/// <summary>
/// <c>mlops deploy --env prod</c> with target azureml-endpoint through the real process: the deploy step and the real
/// target factory, signed in with a client secret and pointed at the HTTPS fake of Azure ML online endpoints by
/// arm-endpoint in mlops.yml, as a user would point it at another cloud. The smoke test goes through the fake's scoring URI.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class AzureMlEndpointDeployTests
{
    private const string Endpoint = "cancer-prod";

    [Test]
    public async Task Deploy_to_an_azureml_endpoint_goes_blue_then_green_keeps_green_when_a_deploy_fails_and_stop_deletes_it_all_audited()
    {
        using var ws = new Workspace();
        await using var fake = await FakeAzureMl.StartAsync();
        fake.OnlineEndpoints.RetryAfter = "0";
        ws.Write("mlops.yml", $$"""
            model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }
            data: { train: {{Workspace.Dataset("breast_cancer_wisconsin.csv")}} }
            train: { mlnet: { trees: 20 } }
            deploy:
              prod:
                target: azureml-endpoint
                subscription: {{FakeAzureMl.Subscription}}
                resource-group: {{FakeAzureMl.ResourceGroup}}
                workspace: {{FakeAzureMl.Workspace}}
                location: westeurope
                instance-type: Standard_DS3_v2
                arm-endpoint: {{fake.BaseUri.ToString().TrimEnd('/')}}
            """);
        Assert.That(ws.Mlops("train", "--output", "m").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("register", "--model", "m").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("promote", "cancer:1").ExitCode, Is.EqualTo(0));

        var first = Mlops(fake, ws, "deploy", "--env", "prod", "--image", "myacr.azurecr.io/cancer:1");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        var scoring = fake.OnlineEndpoints.ScoringUri(Endpoint);
        Assert.That(first.Stdout, Does.Contain($"deployed cancer:1 to prod (azureml-endpoint) at {scoring}"));
        Assert.That(first.Stdout.Trim().Split('\n').Last().Trim(), Is.EqualTo(scoring), "the URL is the last line, for scripts");
        Assert.That(fake.OnlineEndpoints.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["blue"] = 100 }));
        var smoke = fake.OnlineEndpoints.ScoringCalls.Single();
        Assert.That(smoke.Header, Is.EqualTo("blue"));
        Assert.That(smoke.Body, Does.StartWith("[{\"mean_radius\":17.99,\"mean_texture\":10.38,"), "the smoke row is the first data row, with the model's features");

        var second = Mlops(fake, ws, "deploy", "--env", "prod", "--image", "myacr.azurecr.io/cancer:2");
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(fake.OnlineEndpoints.Deployments(Endpoint), Is.EqualTo(new[] { "green" }));
        Assert.That(fake.OnlineEndpoints.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["green"] = 100 }));

        fake.OnlineEndpoints.FailProvisioning.Add("blue");
        var failed = Mlops(fake, ws, "deploy", "--env", "prod", "--image", "myacr.azurecr.io/cancer:3");
        Assert.That(failed.ExitCode, Is.EqualTo(3), failed.ToString());
        Assert.That(failed.Stderr, Does.Contain("Azure ML could not provision deployment 'blue'")
            .And.Contain("log of deployment blue")
            .And.Contain($"The live deployment 'green' keeps 100% of the traffic of endpoint '{Endpoint}'"));
        Assert.That(fake.OnlineEndpoints.Traffic(Endpoint), Is.EqualTo(new Dictionary<string, int> { ["green"] = 100 }));

        var status = Mlops(fake, ws, "deploy", "--env", "prod", "--status");
        Assert.That(status.ExitCode, Is.EqualTo(0), status.ToString());
        Assert.That(status.Stdout, Does.Contain($"prod (azureml-endpoint): cancer:1 at {scoring}: ready (endpoint Succeeded; traffic green 100%"));

        var stop = Mlops(fake, ws, "deploy", "--env", "prod", "--stop");
        Assert.That(stop.ExitCode, Is.EqualTo(0), stop.ToString());
        Assert.That(fake.OnlineEndpoints.Exists(Endpoint), Is.False);

        var events = File.ReadAllLines(ws.PathOf(".mlops/registry/events.jsonl"));
        var deploys = events.Where(e => e.Contains("\"deployed\"") || e.Contains("\"undeployed\"")).ToList();
        Assert.That(deploys, Has.Count.EqualTo(3), "two deploys and the stop; the failed deploy changed nothing and is not an event");
        Assert.That(deploys.Take(2), Has.All.Contain("\"target\":\"azureml-endpoint\""));
        Assert.That(deploys, Has.All.Contain(scoring));
        Assert.That(deploys[2], Does.Contain("\"undeployed\""));
        Assert.That(string.Join('\n', events) + first.Stdout + second.Stdout + failed.Stderr, Does.Not.Contain(FakeOnlineEndpoints.PrimaryKey));
    }

    private static CliRun Mlops(FakeAzureMl fake, Workspace ws, params string[] args) =>
        MlOpsCli.RunWithin(TimeSpan.FromSeconds(60), ws.Root, FakeAzureSignIn.Environment(fake, ws.Root), args);
}
