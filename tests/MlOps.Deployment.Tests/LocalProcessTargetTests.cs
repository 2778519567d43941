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

    [Test]
    public async Task A_server_that_exits_before_ready_is_an_external_failure_with_its_log()
    {
        // "sh -c '...' serve --model ..." : prints like a crashing server and exits 3.
        var target = new LocalProcessTarget(_dir, ["/bin/sh", "-c", "echo 'Unhandled exception: model.zip is corrupt'; exit 3"]);
        var e = (await Assert.ThrowsAsync<ExternalFailureException>(async () => await target.DeployAsync(Request)))!;
        Assert.That(e.Message, Does.Contain("exited with code 3 before it was ready"));
        Assert.That(e.Message, Does.Contain("model.zip is corrupt"));
        Assert.That(target.Read("test"), Is.Null, "a failed deployment is not recorded");
    }

    [Test]
    public async Task A_server_that_never_gets_ready_is_stopped_after_the_timeout()
    {
        var target = new LocalProcessTarget(_dir, ["/bin/sh", "-c", "sleep 30"], TimeSpan.FromMilliseconds(500));
        var e = (await Assert.ThrowsAsync<ExternalFailureException>(async () => await target.DeployAsync(Request)))!;
        Assert.That(e.Message, Does.Contain("was not ready within"));
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
