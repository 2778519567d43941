using Microsoft.AspNetCore.Http;
using MlOps.Core.Config;
using MlOps.Deployment.Rollout;

namespace MlOps.Deployment.Tests;

/// <summary>
/// The canary engine against a fake split target whose candidate is a loopback server serving /metrics the way the
/// scoring server does: each scrape shows the requests the candidate answered since the last one.
/// </summary>
[NonParallelizable]
public class CanaryRolloutTests
{
    private StandInServer _live = null!;
    private StandInServer _candidate = null!;
    private readonly List<string> _said = [];
    private readonly List<RolloutEvent> _events = [];
    private int _ok;
    private int _errors;
    private int _slow;

    [SetUp]
    public async Task Start()
    {
        _live = await StandInServer.StartAsync("m:1");
        _candidate = await StandInServer.StartAsync("m:2");
        _said.Clear();
        _events.Clear();
        (_ok, _errors, _slow) = (0, 0, 0);
    }

    [TearDown]
    public async Task Stop()
    {
        await _live.DisposeAsync();
        await _candidate.DisposeAsync();
    }

    private static readonly RolloutSettings Settings = new(RolloutSettings.Canary, [10, 50, 100], TimeSpan.FromMilliseconds(50),
        new CanaryAnalysis(MaxErrorRate: 0.05, MaxP99Milliseconds: 250, MinRequests: 20), TimeSpan.FromSeconds(5));

    /// <summary>Every scrape adds <paramref name="perStep"/> requests, <paramref name="errorShare"/> of them 500s, <paramref name="slowShare"/> of them taking ~1 s.</summary>
    private void CandidateServes(int perStep, double errorShare = 0, double slowShare = 0, int scoreStatus = 200)
    {
        _candidate.Handler = async http =>
        {
            switch (http.Request.Path.Value)
            {
                case "/metrics":
                    _errors += (int)(perStep * errorShare);
                    _slow += (int)(perStep * slowShare);
                    _ok += perStep - (int)(perStep * errorShare);
                    var total = _ok + _errors;
                    await http.Response.WriteAsync($$"""
                        mlops_http_requests_total{endpoint="/score",status="200"} {{_ok}}
                        mlops_http_requests_total{endpoint="/score",status="500"} {{_errors}}
                        mlops_http_request_duration_seconds_bucket{endpoint="/score",le="0.016"} {{total - _slow}}
                        mlops_http_request_duration_seconds_bucket{endpoint="/score",le="2.048"} {{total}}
                        mlops_http_request_duration_seconds_bucket{endpoint="/score",le="+Inf"} {{total}}

                        """);
                    break;
                case "/score":
                    http.Response.StatusCode = scoreStatus;
                    await http.Response.WriteAsync(scoreStatus == 200 ? """{"predictions":[1]}""" : """{"title":"missing column mean_radius"}""");
                    break;
                default:
                    await http.Response.WriteAsync("ok");
                    break;
            }
        };
    }

    private Task<RolloutOutcome> RunAsync(FakeSplitTarget target, RolloutSettings? settings = null) =>
        new CanaryRollout(target, settings ?? Settings, "[{\"x\":1}]", _said.Add, (e, _) => { _events.Add(e); return Task.CompletedTask; })
            .RunAsync(new DeploymentRequest("test", "m:2", "/models/m2", "127.0.0.1", 0));

    [Test]
    public async Task A_healthy_candidate_walks_every_step_and_is_promoted()
    {
        CandidateServes(perStep: 100, errorShare: 0.01);
        var target = new FakeSplitTarget(_live, _candidate);
        var outcome = await RunAsync(target);
        Assert.That(outcome.Promoted, Is.True, string.Join("\n", _said));
        Assert.That(target.Calls, Is.EqualTo(new[] { "start", "traffic 10", "traffic 50", "traffic 100", "promote" }));
        Assert.That(_events.Select(e => (e.Kind, e.Percent)), Is.EqualTo(new[]
        {
            (RolloutEventKind.StepPassed, 10), (RolloutEventKind.StepPassed, 50), (RolloutEventKind.StepPassed, 100), (RolloutEventKind.Promoted, 100),
        }));
        Assert.That(_events[0].Measured["requests"], Is.EqualTo("100"), "judged on the step's own requests");
        Assert.That(_said, Has.Some.Contains("step  50%: 100 requests, 1.0% 5xx"));
        Assert.That(_candidate.Received.Count(r => r.Path == "/score"), Is.EqualTo(4), "a smoke test before traffic and after each step");
    }

    /// <summary>Like an Azure ML deployment: only /score is routed; every third answer is a 500 when <paramref name="failing"/>.</summary>
    private void CandidateServesScoreOnly(bool failing)
    {
        var calls = 0;
        _candidate.Handler = async http =>
        {
            if (http.Request.Path.Value != "/score")
            {
                http.Response.StatusCode = 404;
                return;
            }
            http.Response.StatusCode = failing && Interlocked.Increment(ref calls) % 3 == 0 ? 500 : 200;
            await http.Response.WriteAsync("""{"predictions":[1]}""");
        };
    }

    [Test]
    public async Task Where_only_score_is_reachable_each_step_is_judged_on_probe_requests()
    {
        CandidateServesScoreOnly(failing: false);
        var target = new FakeSplitTarget(_live, _candidate, serverRoutes: false);

        var outcome = await RunAsync(target);

        Assert.That(outcome.Promoted, Is.True, string.Join("\n", _said));
        Assert.That(_candidate.Received.Select(r => r.Path).Distinct(), Is.EqualTo(new[] { "/score" }), "no /metrics or /health/ready where they are not routed");
        Assert.That(_events.Where(e => e.Kind == RolloutEventKind.StepPassed).Select(e => e.Measured["requests"]), Is.EqualTo(new[] { "20", "20", "20" }));
        Assert.That(_candidate.Received.Count, Is.EqualTo(1 + 3 * (20 + 1)), "a smoke test before traffic, then 20 probes and a smoke test per step");
    }

    [Test]
    public async Task Probe_requests_that_fail_roll_the_candidate_back_at_the_first_step()
    {
        CandidateServesScoreOnly(failing: true);
        var target = new FakeSplitTarget(_live, _candidate, serverRoutes: false);

        var outcome = await RunAsync(target);

        Assert.That(outcome.Promoted, Is.False);
        Assert.That(target.Calls, Is.EqualTo(new[] { "start", "traffic 10", "rollback" }));
        Assert.That(outcome.Reason, Does.Contain("failed the analysis at 10%").And.Contain("of 20 answered 5xx) is above max-error-rate 5.0%"));
    }

    [Test]
    public async Task A_candidate_answering_too_many_5xx_is_rolled_back_at_the_first_step()
    {
        CandidateServes(perStep: 100, errorShare: 0.3);
        var target = new FakeSplitTarget(_live, _candidate);
        var outcome = await RunAsync(target);
        Assert.That(outcome.Promoted, Is.False);
        Assert.That(outcome.Reason, Does.Contain("failed the analysis at 10%").And.Contain("error rate 30.0% (30 of 100 answered 5xx) is above max-error-rate 5.0%"));
        Assert.That(target.Calls, Is.EqualTo(new[] { "start", "traffic 10", "rollback" }));
        Assert.That(_events.Select(e => e.Kind), Is.EqualTo(new[] { RolloutEventKind.StepFailed, RolloutEventKind.RolledBack }));
    }

    [Test]
    public async Task With_mirror_the_candidate_is_first_judged_on_copies_that_no_client_sees()
    {
        CandidateServes(perStep: 100, errorShare: 0.5);
        var target = new FakeSplitTarget(_live, _candidate);
        var outcome = await RunAsync(target, Settings with { Mirror = 20 });
        Assert.That(target.Calls, Is.EqualTo(new[] { "start", "traffic 0 mirror 20", "rollback" }), "rolled back before any client got its answers");
        Assert.That(outcome.Reason, Does.Contain("failed the analysis on mirrored traffic").And.Contain("error rate 50.0%"));
        Assert.That(_said, Has.Some.StartsWith("  mirror 20%: 100 requests"));
    }

    /// <summary>Serves /metrics on <paramref name="server"/>: every scrape adds <paramref name="perStep"/> requests, <paramref name="refusedShare"/> of them 400s.</summary>
    private static void Serves4xx(StandInServer server, int perStep, double refusedShare)
    {
        var (ok, refused) = (0, 0);
        server.Handler = async http =>
        {
            if (http.Request.Path.Value != "/metrics")
            {
                await http.Response.WriteAsync(http.Request.Path.Value == "/score" ? """{"predictions":[1]}""" : "ok");
                return;
            }
            refused += (int)(perStep * refusedShare);
            ok += perStep - (int)(perStep * refusedShare);
            await http.Response.WriteAsync($$"""
                mlops_http_requests_total{endpoint="/score",status="200"} {{ok}}
                mlops_http_requests_total{endpoint="/score",status="400"} {{refused}}
                mlops_http_request_duration_seconds_bucket{endpoint="/score",le="0.016"} {{ok + refused}}
                mlops_http_request_duration_seconds_bucket{endpoint="/score",le="+Inf"} {{ok + refused}}

                """);
        };
    }

    [Test]
    public async Task A_candidate_refusing_requests_the_live_version_accepts_is_rolled_back()
    {
        // E.g. the new model dropped a feature that clients still send: the smoke row has only its features and passes.
        Serves4xx(_live, perStep: 100, refusedShare: 0.02);
        Serves4xx(_candidate, perStep: 100, refusedShare: 0.3);
        var target = new FakeSplitTarget(_live, _candidate);

        var outcome = await RunAsync(target);

        Assert.That(outcome.Promoted, Is.False);
        Assert.That(target.Calls, Is.EqualTo(new[] { "start", "traffic 10", "rollback" }));
        Assert.That(outcome.Reason, Does.Contain("failed the analysis at 10%")
            .And.Contain("refused 30.0% of its requests with 4xx (30 of 100) against 2.0% on the live version"));
        Assert.That(_events[0].Measured["client-error-rate"], Is.EqualTo("0.3"));
    }

    [Test]
    public async Task Two_refused_requests_among_a_small_step_s_thirty_are_not_taken_for_a_changed_schema()
    {
        // 6.7% against live's 0.5% is beyond the 5% margin, but two of thirty is what chance gives often enough.
        Serves4xx(_live, perStep: 200, refusedShare: 0.005);
        Serves4xx(_candidate, perStep: 30, refusedShare: 2 / 30.0);

        var outcome = await RunAsync(new FakeSplitTarget(_live, _candidate));

        Assert.That(outcome.Promoted, Is.True, string.Join("\n", _said));
        Assert.That(_said, Has.Some.Contains("30 requests, 0.0% 5xx, 6.7% 4xx (live 0.5%)"));
    }

    [Test]
    public async Task Bad_requests_that_both_versions_refuse_do_not_stop_the_rollout()
    {
        Serves4xx(_live, perStep: 100, refusedShare: 0.3);
        Serves4xx(_candidate, perStep: 100, refusedShare: 0.3);
        var target = new FakeSplitTarget(_live, _candidate);

        var outcome = await RunAsync(target);

        Assert.That(outcome.Promoted, Is.True, string.Join("\n", _said));
        Assert.That(_said, Has.Some.Contains("100 requests, 0.0% 5xx, 30.0% 4xx (live 30.0%)"));
    }

    [Test]
    public async Task A_slow_candidate_is_rolled_back_on_p99()
    {
        CandidateServes(perStep: 100, slowShare: 0.05);
        var outcome = await RunAsync(new FakeSplitTarget(_live, _candidate));
        Assert.That(outcome.Reason, Does.Contain("p99 latency").And.Contain("above max-p99-ms 250 ms"));
    }

    [Test]
    public async Task A_step_with_too_few_requests_to_judge_rolls_back()
    {
        CandidateServes(perStep: 5);
        var outcome = await RunAsync(new FakeSplitTarget(_live, _candidate));
        Assert.That(outcome.Reason, Does.Contain("only 5 requests reached the new version (min-requests 20)"));
    }

    [Test]
    public async Task A_candidate_that_cannot_score_the_sample_row_gets_no_traffic()
    {
        CandidateServes(perStep: 100, scoreStatus: 400);
        var target = new FakeSplitTarget(_live, _candidate);
        var outcome = await RunAsync(target);
        Assert.That(outcome.Reason, Does.Contain("smoke test failed before any traffic").And.Contain("answered 400").And.Contain("mean_radius"));
        Assert.That(target.Calls, Is.EqualTo(new[] { "start", "rollback" }));
    }

    [Test]
    public async Task A_candidate_that_never_gets_ready_is_rolled_back_with_the_target_s_reason()
    {
        var target = new FakeSplitTarget(_live, candidate: null);
        var outcome = await RunAsync(target);
        Assert.That(outcome.Promoted, Is.False);
        Assert.That(outcome.Reason, Does.Contain("m:2 never became ready").And.Contain("not ready within 5 s"));
        Assert.That(target.Calls, Is.EqualTo(new[] { "start", "rollback" }));
        Assert.That(_events.Single().Kind, Is.EqualTo(RolloutEventKind.RolledBack));
    }
}
