using MlOps.Core.Errors;
using MlOps.Deployment;
using MlOps.Deployment.Local;

namespace MlOps.Deployment.Tests;

/// <summary>Failure paths of the local target, with stand-in server commands (the real server is covered end to end).</summary>
public class LocalProcessTargetTests
{
    private string _dir = "";

    [SetUp]
    public void Create() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "mlops-deploy-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    private static DeploymentRequest Request => new("test", "m:1", "/models/m", "127.0.0.1", 0);

    /// <summary>
    /// A stand-in mlops: as `route` (the environment's router, started first) it writes its url file ($7) and waits, so
    /// the test reaches the scoring server; as `serve` it runs <paramref name="server"/>.
    /// </summary>
    private static string[] StandIn(string server) =>
    [
        "/bin/sh", "-c",
        "if [ \"$1\" = route ]; then echo '{\"url\":\"http://127.0.0.1:9\",\"adminUrl\":\"http://127.0.0.1:9\"}' > \"$7\"; sleep 5; exit 0; fi; " + server,
        "stand-in",
    ];

    [Test]
    public async Task A_server_that_exits_before_ready_is_an_external_failure_with_its_log()
    {
        // "sh -c '...' serve --model ..." : prints like a crashing server and exits 3.
        var target = new LocalProcessTarget(_dir, StandIn("echo 'Unhandled exception: model.zip is corrupt'; exit 3"));
        var e = (await Assert.ThrowsAsync<ExternalFailureException>(async () => await target.DeployAsync(Request)))!;
        Assert.That(e.Message, Does.Contain("the scoring server exited with code 3 before it was ready"));
        Assert.That(e.Message, Does.Contain("model.zip is corrupt"));
        Assert.That(target.Read("test"), Is.Null, "a failed deployment is not recorded");
    }

    [Test]
    public async Task A_server_that_never_gets_ready_is_stopped_after_the_timeout()
    {
        var target = new LocalProcessTarget(_dir, StandIn("sleep 30"), TimeSpan.FromMilliseconds(1500));
        var e = (await Assert.ThrowsAsync<ExternalFailureException>(async () => await target.DeployAsync(Request)))!;
        Assert.That(e.Message, Does.Contain("the scoring server was not ready within"));
    }

    [Test]
    public async Task A_router_that_cannot_start_is_reported_with_its_log_before_any_server_starts()
    {
        var target = new LocalProcessTarget(_dir, ["/bin/sh", "-c", "echo 'address already in use'; exit 4"]);
        var e = (await Assert.ThrowsAsync<ExternalFailureException>(async () => await target.DeployAsync(Request)))!;
        Assert.That(e.Message, Does.Contain("the router exited with code 4 before it was ready").And.Contain("address already in use"));
        Assert.That(Directory.GetFiles(_dir, "*.log").Select(Path.GetFileName), Has.All.Contains("-router-"), "no server was started");
    }

    [Test]
    public async Task A_canary_needs_a_live_version_beside_it()
    {
        var target = new LocalProcessTarget(_dir, ["/bin/true"]);
        var e = (await Assert.ThrowsAsync<InvalidInputException>(async () => await target.StartCandidateAsync(Request)))!;
        Assert.That(e.Message, Does.Contain("nothing live in test").And.Contain("deploy one first"));
    }

    [Test]
    public async Task Stopping_an_environment_with_nothing_deployed_says_so()
    {
        var target = new LocalProcessTarget(_dir, ["/bin/true"]);
        Assert.That(await target.StopAsync("test"), Is.Null);
    }

    [Test]
    public async Task Stop_never_kills_a_process_that_is_not_our_server()
    {
        // A state file whose PID now belongs to something else, as after a reboot.
        using var stranger = System.Diagnostics.Process.Start("sleep", "30");
        var state = new DeploymentState("test", "local", "http://127.0.0.1:1", "m:1", stranger.Id, Path.Combine(_dir, "x.log"), DateTimeOffset.UtcNow);
        File.WriteAllText(Path.Combine(_dir, "test.json"), System.Text.Json.JsonSerializer.Serialize(state,
            new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase }));
        var stopped = await new LocalProcessTarget(_dir, ["/bin/true"]).StopAsync("test");
        Assert.That(stopped, Is.Not.Null);
        Assert.That(stranger.HasExited, Is.False, "the unrelated process keeps running");
        Assert.That(File.Exists(Path.Combine(_dir, "test.json")), Is.False, "the stale record is removed");
        stranger.Kill();
    }
}
