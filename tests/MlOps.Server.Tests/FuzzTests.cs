using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace MlOps.Server.Tests;

/// <summary>
/// Reliability: 10,000 seeded bad bodies against a running server. Every one must get a 4xx with a JSON problem body
/// (status and detail), none a 5xx or a dropped connection, and the server must still be ready afterwards.
/// </summary>
public class FuzzTests : ServerTestBase
{
    private const int Bodies = 10_000;
    private const int MaxBodyBytes = 4096;

    [Test, CancelAfter(60_000)]
    public async Task Ten_thousand_bad_bodies_all_get_a_4xx_problem_and_the_server_stays_ready()
    {
        var url = await Start(new FakeBinaryModel(), new ScoringServerOptions(MaxBodyBytes: MaxBodyBytes));
        var fuzzer = new BadBodyFuzzer(seed: 20261123, MaxBodyBytes);
        var cases = Enumerable.Range(0, Bodies).Select(_ => fuzzer.Next()).ToArray();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();

        // A few concurrent clients, like real traffic, and enough to finish well inside the time limit on 2 cores.
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, ct) =>
        {
            var (status, problem) = await Send(url, c, ct);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (problem is not null) failures.Enqueue($"{c.Kind} ({c.ContentType ?? "no content type"}): {problem}");
        });

        Assert.That(failures, Is.Empty, $"{failures.Count} of {Bodies} not answered with a 4xx problem, e.g.\n{string.Join("\n", failures.Take(10))}");
        Assert.That(statuses.Keys, Is.EquivalentTo(new[] { 400, 413, 415 }), "every kind of mistake was exercised");
        Assert.That((await Get(url, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.OK));
        var ok = await Post(url, """[{"age": 40, "sex": "Male"}]""");
        Assert.That(ok.Status, Is.EqualTo(HttpStatusCode.OK), "still scoring after the fuzzing");
    }

    /// <summary>The status, and what is wrong with the answer (null when it is a proper 4xx problem).</summary>
    private async Task<(int Status, string? Problem)> Send(string url, BadBodyFuzzer.Case c, CancellationToken ct)
    {
        var content = new ByteArrayContent(c.Body);
        if (c.ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
        else content.Headers.ContentType = null;
        try
        {
            using var response = await Http.PostAsync(url + "/score", content, ct);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(ct);
            if (status is < 400 or >= 500) return (status, $"status {status}: {text}");
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return (status, $"content type {response.Content.Headers.ContentType}");
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.GetProperty("status").GetInt32() != status || json.RootElement.GetProperty("detail").GetString() is not { Length: > 0 })
                return (status, $"problem body does not match: {text}");
            return (status, null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (0, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
