using System.Text.Json;
using MlOps.Containers.Podman;
using MlOps.Containers.Tests.Push;

namespace MlOps.EndToEnd;

/// <summary>
/// `mlops package --push` into a real docker-registry with an htpasswd user, credentials from the environment: the
/// image podman pulls back is the one package.json describes, it boots and scores as the model does offline; a second
/// push sends only the manifest; a wrong password fails with exit 2 naming the variables and never printing it.
/// </summary>
public partial class PackageBootTests
{
    [Test, CancelAfter(240_000)]
    public async Task Package_push_to_a_registry_then_podman_pull_boots_and_scores_as_offline(CancellationToken ct)
    {
        using var registry = await DistributionRegistry.StartAsync("ci-bot", "Push-Pw-1");
        var env = new Dictionary<string, string> { ["MLOPS_REGISTRY_USERNAME"] = "ci-bot", ["MLOPS_REGISTRY_PASSWORD"] = "Push-Pw-1" };
        var target = $"{registry.Host}/models/adult-income:1";

        var push = MlOpsCli.RunWithin(TimeSpan.FromMinutes(2), _ws.Root, env,
            "package", "adult-income:1", "--app", _publish, "--output", "out/pushed", "--format", "oci", "--push", target);

        Assert.That(push.ExitCode, Is.EqualTo(0), push.ToString());
        Assert.That(push.Stdout, Does.Contain("with MLOPS_REGISTRY_USERNAME / MLOPS_REGISTRY_PASSWORD").And.Not.Contain("Push-Pw-1"));
        Assert.That(push.Stdout, Does.Match(@"push: model layer sha256:[0-9a-f]{12} uploaded"));
        Assert.That(push.Stdout, Does.Match(@"push: uploaded \d+\.\d\d MB = \d+\.\d\d× the model layer"));
        var result = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("out/pushed/package.json"))).RootElement;
        var pushed = result.GetProperty("push");
        Assert.That(pushed.GetProperty("manifestDigest").GetString(), Is.EqualTo(result.GetProperty("manifestDigest").GetString()));
        Assert.That(pushed.GetProperty("reference").GetString(), Is.EqualTo(target));

        using var podman = new PodmanSession();
        var image = await podman.PullAsync(target, "ci-bot:Push-Pw-1", ct);
        Assert.That("sha256:" + image, Is.EqualTo(result.GetProperty("configDigest").GetString()), "podman pulled the image package.json describes");
        var rows = File.ReadLines(Workspace.Dataset("adult_test.csv")).Take(3).ToList();
        var port = FreePort();
        var container = await podman.StartAsync(image, ["--model", "/model", "--host", "127.0.0.1", "--port", port.ToString()], ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = $"http://127.0.0.1:{port}";
        await WaitReady(http, url, podman, container, ct);
        await AssertScoresAsOffline(http, url, rows, OfflineProbabilities(rows), ct);
        await podman.StopAsync(container, ct);

        var again = MlOpsCli.RunWithin(TimeSpan.FromMinutes(2), _ws.Root, env,
            "package", "adult-income:1", "--app", _publish, "--output", "out/pushed", "--format", "oci", "--push", $"{registry.Host}/models/adult-income:again");
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(System.Text.RegularExpressions.Regex.Matches(again.Stdout, "already there, skipped").Count, Is.EqualTo(4), again.Stdout);
        var repeated = JsonDocument.Parse(File.ReadAllText(_ws.PathOf("out/pushed/package.json"))).RootElement.GetProperty("push");
        Assert.That(repeated.GetProperty("bytesUploaded").GetInt64(), Is.LessThan(10_000), "only the manifest is sent again");

        var wrong = MlOpsCli.RunWithin(TimeSpan.FromMinutes(2), _ws.Root,
            new Dictionary<string, string> { ["MLOPS_REGISTRY_USERNAME"] = "ci-bot", ["MLOPS_REGISTRY_PASSWORD"] = "not-the-Pw" },
            "package", "adult-income:1", "--app", _publish, "--output", "out/refused", "--format", "oci", "--push", target);
        Assert.That(wrong.ExitCode, Is.EqualTo(2), wrong.ToString());
        Assert.That(wrong.Stderr + wrong.Stdout, Does.Contain("refused the credentials from MLOPS_REGISTRY_USERNAME / MLOPS_REGISTRY_PASSWORD"));
        Assert.That(wrong.Stderr + wrong.Stdout, Does.Not.Contain("not-the-Pw"));
    }
}
