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
}
