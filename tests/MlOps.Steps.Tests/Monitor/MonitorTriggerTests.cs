using MlOps.Core.Errors;

namespace MlOps.Steps.Tests.Monitor;

/// <summary>--trigger starts the retrain pipeline only when a limit is crossed, and the run is recorded everywhere a reviewer looks.</summary>
[TestFixture]
public class MonitorTriggerTests
{
    [Test]
    public async Task A_crossed_limit_starts_one_retrain_run_recorded_in_result_report_outputs_and_audit_trail()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 10, shift: 0.5));
        var trigger = new RecordingTrigger();

        var result = await ws.RunAsync("requests.jsonl", trigger: true, with: trigger);

        var request = trigger.Requests.Single();
        Assert.That(request.Model, Is.EqualTo("m"));
        Assert.That(request.Reason, Does.StartWith("m:1: ").And.Contain("PSI of 'x'"), "the monitored version travels in the reason");
        Assert.That(request.Parameters, Is.Empty, "only the inputs the ready pipelines declare (model, reason)");
        Assert.That(result.Report.RetrainRun, Is.EqualTo(new MlOps.Reports.Monitor.RetrainRunInfo(trigger.Description, "4711", "https://ci.example/runs/4711")));
        Assert.That(File.ReadAllText(result.JsonPath), Does.Contain("\"id\": \"4711\""));
        Assert.That(File.ReadAllText(result.MarkdownPath), Does.Contain("run `4711`"));
        Assert.That(ws.Out.ToString(), Does.Contain("output retrain_run=4711"));
        var audit = ws.Registry.Audit.Read().Lines[^1].Event;
        Assert.That(audit.Details!["retrain.run"], Is.EqualTo("4711"));
        Assert.That(audit.Details["retrain.url"], Is.EqualTo("https://ci.example/runs/4711"));
    }

    [Test]
    public async Task Nothing_is_started_when_no_limit_is_crossed_or_without_the_flag()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("stable.jsonl", MonitorWorkspace.Day(0, 10));
        ws.WriteLog("drifted.jsonl", MonitorWorkspace.Day(0, 10, shift: 0.5));
        var trigger = new RecordingTrigger();

        var stable = await ws.RunAsync("stable.jsonl", trigger: true, with: trigger);
        var unflagged = await ws.RunAsync("drifted.jsonl", trigger: false, with: trigger);

        Assert.That(trigger.Requests, Is.Empty);
        Assert.That(stable.Report.RetrainRun, Is.Null);
        Assert.That(unflagged.Retrain, Is.True);
        Assert.That(unflagged.Report.RetrainRun, Is.Null);
    }

    [Test]
    public async Task The_flag_without_a_configured_trigger_is_invalid_input()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 10, shift: 0.5));

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => ws.RunAsync("requests.jsonl", trigger: true));

        Assert.That(e!.Message, Does.Contain("no retrain trigger configured: add retrain.trigger to mlops.yml"));
    }
}

/// <summary>A CI host that cannot start the run: the failure is an external one (exit 3) naming the trigger.</summary>
[TestFixture]
public class MonitorTriggerFailureTests
{
    private sealed class FailingTrigger : MlOps.CiHosts.Retrain.IRetrainTrigger
    {
        public string Description => "fake pipeline 'nightly-retrain'";

        public Task<MlOps.CiHosts.Retrain.RetrainRun> TriggerAsync(MlOps.CiHosts.Retrain.RetrainRequest request, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("503 Service Unavailable");
    }

    [Test]
    public async Task A_failing_trigger_is_an_external_failure_naming_the_pipeline()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 10, shift: 0.5));

        var e = await Assert.ThrowsAsync<ExternalFailureException>(() => ws.RunAsync("requests.jsonl", trigger: true, with: new FailingTrigger()));

        Assert.That(e!.Message, Does.Contain("fake pipeline 'nightly-retrain'").And.Contain("503"));
        Assert.That(e.ExitCode, Is.EqualTo(3));
    }
}
