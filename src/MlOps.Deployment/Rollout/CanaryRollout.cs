using System.Text;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Rollout;

/// <summary>
/// A canary rollout on any <see cref="ITrafficSplitTarget"/>: starts the new version beside the live one at 0%, smoke
/// tests it, then walks the configured steps (e.g. 10 → 50 → 100%). At each step it waits the interval and judges the
/// candidate on what its own /metrics counted during the step (5xx rate, p99 latency, enough requests) — or on probe
/// requests where only /score is reachable — and on a smoke test; the first failure, or a candidate that never gets
/// ready, rolls back (candidate removed, live at 100%).
/// Knows nothing of the target beyond the interface and HTTP, so the local router and Azure ML endpoints share it.
/// </summary>
/// <param name="smokeBody">A /score request body (JSON rows) the candidate must answer 2xx; null: only /health/ready.</param>
/// <param name="say">Progress, one line per step.</param>
/// <param name="record">Called for every step verdict, the promotion and a rollback (the audit trail), as they happen.</param>
public sealed class CanaryRollout(ITrafficSplitTarget target, RolloutSettings settings, string? smokeBody, Action<string> say,
    Func<RolloutEvent, CancellationToken, Task> record, HttpClient? http = null)
{
    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<RolloutOutcome> RunAsync(DeploymentRequest request, CancellationToken ct = default)
    {
        var env = request.Environment;
        DeploymentState candidate;
        try
        {
            candidate = await target.StartCandidateAsync(request, ct);
        }
        catch (ExternalFailureException e)
        {
            return await RollBackAsync(env, request.ModelReference, 0, $"the new version {request.ModelReference} never became ready: {e.Message}", ct);
        }
        say($"canary {request.ModelReference} in {env}: started beside the live version at 0%");

        var percent = 0;
        try
        {
            if (await SmokeAsync(env, ct) is { } smoke)
                return await RollBackAsync(env, request.ModelReference, 0, $"smoke test failed before any traffic: {smoke}", ct);
            // The shadow phase (mirror > 0) is a step at 0% whose requests are copies: judged the same, seen by no client.
            foreach (var step in settings.Mirror > 0 ? settings.Steps.Prepend(0) : settings.Steps)
            {
                percent = step;
                await target.SetTrafficAsync(env, new TrafficSplit(step, step == 0 ? settings.Mirror : 0), ct);
                var (measured, live) = await MeasureStepAsync(env, ct);
                var verdict = CanaryVerdict.Judge(measured, settings.Analysis, live);
                var problems = verdict.Problems.ToList();
                if (await SmokeAsync(env, ct) is { } failure) problems.Add($"smoke test failed: {failure}");
                var passed = problems.Count == 0;
                say($"  {(step == 0 ? $"mirror {settings.Mirror}%" : $"step {step,3}%")}: {verdict.Summary}: {(passed ? "ok" : string.Join("; ", problems))}");
                await record(new RolloutEvent(passed ? RolloutEventKind.StepPassed : RolloutEventKind.StepFailed, env, request.ModelReference, step,
                    passed ? "ok" : string.Join("; ", problems), verdict.Measured()), ct);
                if (!passed)
                    return await RollBackAsync(env, request.ModelReference, step, $"the new version failed the analysis {(step == 0 ? "on mirrored traffic" : $"at {step}%")}: {string.Join("; ", problems)}", ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var outcome = await RollBackAsync(env, request.ModelReference, percent, $"the rollout failed at {percent}%: {e.Message}", CancellationToken.None);
            if (e is MlOpsException or HttpRequestException or TaskCanceledException or FormatException) return outcome;
            throw;
        }
        catch (OperationCanceledException)
        {
            await RollBackAsync(env, request.ModelReference, percent, "the rollout was cancelled", CancellationToken.None);
            throw;
        }

        var promoted = await target.PromoteCandidateAsync(env, ct);
        say($"promoted {promoted.ModelReference}: it serves 100% of {env}; the previous version was stopped");
        await record(new RolloutEvent(RolloutEventKind.Promoted, env, promoted.ModelReference, 100, "promoted", new Dictionary<string, string>()), ct);
        return new RolloutOutcome(true, null, promoted);
    }

    /// <summary>Removes the candidate; live serves everything again. Runs whatever the token says: nothing may be left half-rolled-out.</summary>
    private async Task<RolloutOutcome> RollBackAsync(string env, string candidate, int percent, string reason, CancellationToken ct)
    {
        await target.RollbackCandidateAsync(env, CancellationToken.None);
        say($"rolled back {candidate} in {env}: {reason}");
        await record(new RolloutEvent(RolloutEventKind.RolledBack, env, candidate, percent, reason, new Dictionary<string, string>()), CancellationToken.None);
        return new RolloutOutcome(false, reason, null);
    }

    private async Task<VariantEndpoint> CandidateAsync(string env, CancellationToken ct) => CandidateOf(await target.VariantsAsync(env, ct), env);

    private static VariantEndpoint CandidateOf(IReadOnlyList<VariantEndpoint> variants, string env) =>
        variants.FirstOrDefault(v => v.Role == "candidate") ?? throw new ExternalFailureException($"{env} has no candidate any more");

    /// <summary>
    /// What the candidate did during one interval: from its own /metrics, or, where only /score is reachable (Azure ML),
    /// from probe requests of the sample row spread over the interval, timed here (so they include the network). Beside
    /// it the live version's own numbers over the same interval, when its /metrics can be read.
    /// </summary>
    private async Task<(ScoringSnapshot Candidate, ScoringSnapshot? Live)> MeasureStepAsync(string env, CancellationToken ct)
    {
        var variants = await target.VariantsAsync(env, ct);
        var candidate = CandidateOf(variants, env);
        if (!candidate.ServerRoutes) return (await ProbeAsync(candidate, ct), null);
        var live = variants.FirstOrDefault(v => v.Role == "live" && v.ServerRoutes);
        var before = await SnapshotAsync(candidate, ct);
        var liveBefore = live is null ? null : await LiveSnapshotAsync(live, ct);
        await Task.Delay(settings.Interval, ct);
        var after = await SnapshotAsync(await CandidateAsync(env, ct), ct);
        var liveAfter = liveBefore is null ? null : await LiveSnapshotAsync(live!, ct);
        return (after.Since(before), liveAfter?.Since(liveBefore!));
    }

    /// <summary>The live version's numbers are only a baseline: when they cannot be read the candidate is judged without it, not rolled back for it.</summary>
    private async Task<ScoringSnapshot?> LiveSnapshotAsync(VariantEndpoint live, CancellationToken ct)
    {
        try
        {
            return await SnapshotAsync(live, ct);
        }
        catch (Exception e) when (e is ExternalFailureException or HttpRequestException or FormatException)
        {
            say($"  (the live version's /metrics could not be read, so its 4xx share is no baseline this step: {e.Message})");
            return null;
        }
    }

    private async Task<ScoringSnapshot> ProbeAsync(VariantEndpoint candidate, CancellationToken ct)
    {
        if (smokeBody is null)
            throw new InvalidInputException("a canary on a target that exposes only /score judges the new version on probe requests of a sample row: " +
                                            "set data.test (or data.train) in mlops.yml");
        var count = Math.Max(settings.Analysis.MinRequests, 20);
        var pause = settings.Interval / count;
        var latencies = new List<double>(count);
        var errors = 0;
        for (var i = 0; i < count; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                using var answer = await SendAsync(candidate, HttpMethod.Post, "/score", smokeBody, ct);
                if ((int)answer.StatusCode >= 500) errors++;
            }
            catch (HttpRequestException)
            {
                errors++;
            }
            latencies.Add(clock.Elapsed.TotalSeconds);
            if (pause > clock.Elapsed) await Task.Delay(pause - clock.Elapsed, ct);
        }
        latencies.Sort();
        // Every probe is its own bucket bound, so the quantile is (nearly) exact.
        var buckets = latencies.Select((seconds, i) => (seconds, (double)(i + 1))).Append((double.PositiveInfinity, count)).ToList();
        return new ScoringSnapshot(count, errors, buckets);
    }

    private async Task<ScoringSnapshot> SnapshotAsync(VariantEndpoint candidate, CancellationToken ct)
    {
        using var response = await SendAsync(candidate, HttpMethod.Get, "/metrics", null, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new ExternalFailureException($"{candidate.BaseUrl}metrics answered {(int)response.StatusCode}");
        return ScoringSnapshot.From(PrometheusText.Parse(text));
    }

    /// <returns>What failed, or null when the candidate is ready and scores the sample.</returns>
    private async Task<string?> SmokeAsync(string env, CancellationToken ct)
    {
        var candidate = await CandidateAsync(env, ct);
        // Where /health/ready is not routed, the target's own readiness (its provisioning) stands for it.
        if (candidate.ServerRoutes)
            using (var ready = await SendAsync(candidate, HttpMethod.Get, "/health/ready", null, ct))
                if (!ready.IsSuccessStatusCode) return $"/health/ready answered {(int)ready.StatusCode}";
        if (smokeBody is null) return null;
        using var score = await SendAsync(candidate, HttpMethod.Post, "/score", smokeBody, ct);
        if (score.IsSuccessStatusCode) return null;
        var body = await score.Content.ReadAsStringAsync(ct);
        return $"/score of a sample row answered {(int)score.StatusCode}: {(body.Length > 300 ? body[..300] + "…" : body)}";
    }

    private Task<HttpResponseMessage> SendAsync(VariantEndpoint variant, HttpMethod method, string path, string? body, CancellationToken ct)
    {
        var message = new HttpRequestMessage(method, new Uri(variant.BaseUrl, variant.BaseUrl.AbsolutePath.TrimEnd('/') + path));
        foreach (var (name, value) in variant.Headers) message.Headers.TryAddWithoutValidation(name, value);
        if (body is not null) message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return _http.SendAsync(message, ct);
    }
}
