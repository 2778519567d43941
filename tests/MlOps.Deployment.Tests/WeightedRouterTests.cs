using Microsoft.AspNetCore.Http;
using System.Net;
using System.Net.Http.Json;
using MlOps.Router;

namespace MlOps.Deployment.Tests;

/// <summary>The local target's router, in process, in front of two loopback stand-ins for live and candidate.</summary>
[NonParallelizable]
public class WeightedRouterTests
{
    private StandInServer _live = null!;
    private StandInServer _candidate = null!;
    private WeightedRouter _router = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task Start()
    {
        _live = await StandInServer.StartAsync("adult-income:1");
        _candidate = await StandInServer.StartAsync("adult-income:2");
        _router = await WeightedRouter.StartAsync(new RouterOptions());
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _router.DisposeAsync();
        await _live.DisposeAsync();
        await _candidate.DisposeAsync();
    }

    private RouteTable Split(int candidatePercent, int mirrorPercent = 0) =>
        new(new RouteVariant(_live.Name, _live.Url), new RouteVariant(_candidate.Name, _candidate.Url), candidatePercent, mirrorPercent);

    private async Task<(HttpStatusCode Status, string Variant, string Body)> ScoreAsync(string? requestId, string body = "[{\"x\":1}]")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _router.Addresses.Url + "/score") { Content = new StringContent(body) };
        if (requestId is not null) request.Headers.Add("X-Request-Id", requestId);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, response.Headers.TryGetValues("X-Mlops-Variant", out var v) ? v.Single() : "", await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Ten_percent_goes_to_the_candidate_and_the_same_request_ids_split_the_same_way_again()
    {
        await _router.SetRoutesAsync(Split(10));
        var first = new Dictionary<string, string>();
        for (var i = 0; i < 2000; i++)
        {
            var (status, variant, body) = await ScoreAsync($"req-{i}");
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body, Is.EqualTo(variant), "the header names the server that wrote the answer");
            first[$"req-{i}"] = variant;
        }
        var toCandidate = first.Values.Count(v => v == _candidate.Name);
        Assert.That(toCandidate, Is.InRange(140, 260), "10% ± 3 points of 2,000 requests");

        for (var i = 0; i < 2000; i += 7)
            Assert.That((await ScoreAsync($"req-{i}")).Variant, Is.EqualTo(first[$"req-{i}"]), $"req-{i} replayed goes to the same version");
    }

    [Test]
    public async Task A_replayed_split_sends_each_request_id_to_the_variant_the_router_sends_it_to()
    {
        // `mlops compare --online --replay` splits in its client; its champion/challenger logs must match what the
        // same ids would produce behind a deployed 30% split.
        await _router.SetRoutesAsync(Split(30));
        var disagreements = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            var id = MlOps.Steps.Compare.Replay.OnlineReplay.RequestId(i);
            var routed = (await ScoreAsync(id)).Variant == _candidate.Name;
            if (routed != MlOps.Steps.Compare.Replay.HashSplitRoute.ToChallenger(id, 30)) disagreements.Add(id);
        }
        Assert.That(disagreements, Is.Empty);
        Assert.That(_candidate.Received, Has.Count.InRange(110, 190), "30% ± 8 points of 500");
    }

    [Test]
    public async Task Without_a_candidate_share_every_answer_comes_from_live()
    {
        await _router.SetRoutesAsync(Split(0));
        for (var i = 0; i < 200; i++) Assert.That((await ScoreAsync(null)).Variant, Is.EqualTo(_live.Name));
        Assert.That(_candidate.Received, Is.Empty);
    }

    [Test]
    public async Task Mirrored_requests_reach_the_candidate_but_clients_only_get_live_answers()
    {
        await _router.SetRoutesAsync(Split(0, mirrorPercent: 50));
        for (var i = 0; i < 400; i++)
        {
            var (status, variant, body) = await ScoreAsync($"m-{i}", $"[{{\"row\":{i}}}]");
            Assert.That((status, variant, body), Is.EqualTo((HttpStatusCode.OK, _live.Name, _live.Name)));
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_candidate.Received.Count < _router.Mirrored && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.That(_router.Mirrored, Is.InRange(140, 260), "about half of 400 requests are copied");
        Assert.That(_candidate.Received, Has.Count.EqualTo(_router.Mirrored), "every copy arrived");
        var copy = _candidate.Received.First();
        Assert.That(copy.Path, Is.EqualTo("/score"));
        Assert.That(copy.Body, Is.EqualTo($"[{{\"row\":{copy.RequestId[2..]}}}]"), "the copy carries the client's body and request id");
        Assert.That(_live.Received, Has.Count.EqualTo(400), "live still answers every request");
    }

    [Test]
    public async Task Changing_routes_under_load_and_stopping_the_old_version_loses_no_request()
    {
        await _router.SetRoutesAsync(new RouteTable(new RouteVariant(_live.Name, _live.Url)));
        _live.Handler = async http => { await Task.Delay(20); await http.Response.WriteAsync(_live.Name); }; // requests are in flight during the switch
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var answered = 0;
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, _, _) = await ScoreAsync(null);
                Interlocked.Increment(ref answered);
                if (status != HttpStatusCode.OK) Interlocked.Increment(ref failures);
            }
        })).ToArray();
        await Task.Delay(500);
        foreach (var percent in new[] { 10, 50, 90 })
        {
            await _router.SetRoutesAsync(Split(percent));
            await Task.Delay(200);
        }
        Assert.That(await _router.SetRoutesAsync(new RouteTable(new RouteVariant(_candidate.Name, _candidate.Url))), Is.True, "drained");
        await _live.DisposeAsync(); // the old version stops as soon as the router says it is drained
        await Task.Delay(500);
        stop.Cancel();
        await Task.WhenAll(clients);
        Assert.That(failures, Is.EqualTo(0), $"{failures} of {answered} requests failed");
        Assert.That(answered, Is.GreaterThan(20));
    }

    [Test]
    public async Task The_admin_endpoint_refuses_a_split_without_a_candidate_and_keeps_the_routes()
    {
        await _router.SetRoutesAsync(Split(10));
        using var response = await _http.PutAsJsonAsync(_router.Addresses.AdminUrl + "/routes",
            new RouteTable(new RouteVariant(_live.Name, _live.Url), null, 30), RouterJson.Options);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("there is no candidate"));
        Assert.That(_router.Routes.CandidatePercent, Is.EqualTo(10));
    }

    [Test]
    public async Task Before_any_version_is_deployed_the_router_answers_503_saying_so()
    {
        using var response = await _http.GetAsync(_router.Addresses.Url + "/health/ready");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("no version is deployed"));
    }
}
