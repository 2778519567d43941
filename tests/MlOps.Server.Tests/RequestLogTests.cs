using System.Net;
using System.Text.Json;
using MlOps.Core.Errors;

namespace MlOps.Server.Tests;

/// <summary>
/// The sampled request log: one JSON object per scored request with the rows as the model saw them and the
/// predictions the client got, everything flushed by a graceful stop; bad requests are not logged.
/// </summary>
public class RequestLogTests : ServerTestBase
{
    private string _dir = "";

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("mlops-request-log-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Each_scored_request_is_one_JSON_line_with_inputs_outputs_and_version()
    {
        var path = Path.Combine(_dir, "logs", "requests.jsonl");
        var app = ScoringServer.Build(new FakeBinaryModel(), new ScoringServerOptions(ModelReference: "income:3", RequestLogPath: path));
        var url = await ScoringServer.StartAsync(app);
        var first = await Post(url, """[{"age": 70, "sex": " Male "}, {"age": null, "sex": ""}]""");
        await Post(url, """[{"age": "bad", "sex": "Male"}]""");
        var second = await Post(url, """{"dataframe_split": {"columns": ["sex", "age"], "data": [["Female", 30]]}}""");
        await app.StopAsync();
        await app.DisposeAsync();

        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(2), "one line per scored request; the bad one is not logged");
        var one = JsonDocument.Parse(lines[0]).RootElement;
        var two = JsonDocument.Parse(lines[1]).RootElement;
        Assert.That(one.GetProperty("modelVersion").GetString(), Is.EqualTo("income:3"));
        Assert.That(one.GetProperty("requestId").GetString(), Is.Not.Empty.And.Not.EqualTo(two.GetProperty("requestId").GetString()));
        Assert.That(one.GetProperty("time").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        Assert.That(one.GetProperty("latencyMs").GetDouble(), Is.GreaterThanOrEqualTo(0));
        Assert.That(one.GetProperty("inputs").GetRawText(), Is.EqualTo("""[{"age":70,"sex":"Male"},{"age":null,"sex":null}]"""),
            "rows as the model saw them: trimmed, blank and null as missing");
        Assert.That(two.GetProperty("inputs").GetRawText(), Is.EqualTo("""[{"age":30,"sex":"Female"}]"""));
        Assert.That(one.GetProperty("outputs").GetRawText(), Is.EqualTo(first.Body.GetProperty("predictions").GetRawText()));
        Assert.That(two.GetProperty("outputs").GetRawText(), Is.EqualTo(second.Body.GetProperty("predictions").GetRawText()));
    }

    /// <summary>Delayed labels are joined to predictions by the caller's id, so the log must carry it, not the server's own.</summary>
    [Test]
    public async Task The_callers_X_Request_Id_is_the_logged_requestId_and_a_missing_or_absurd_one_falls_back()
    {
        var path = Path.Combine(_dir, "requests.jsonl");
        var app = ScoringServer.Build(new FakeBinaryModel(), new ScoringServerOptions(RequestLogPath: path));
        var url = await ScoringServer.StartAsync(app);
        foreach (var id in new[] { "order-17", null, new string('x', RequestIds.MaxLength + 1) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url + "/score")
                { Content = new StringContent("""[{"age": 30, "sex": "a"}]""", System.Text.Encoding.UTF8, "application/json") };
            if (id is not null) request.Headers.Add(RequestIds.Header, id);
            using var response = await Http.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        await app.StopAsync();
        await app.DisposeAsync();

        var ids = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("requestId").GetString()!).ToList();
        Assert.That(ids[0], Is.EqualTo("order-17"));
        Assert.That(ids[1], Is.Not.Empty.And.Not.EqualTo("order-17"));
        Assert.That(ids[2], Has.Length.LessThanOrEqualTo(RequestIds.MaxLength), "a 129-character id is replaced by the server's own");
    }

    [Test]
    public async Task A_graceful_stop_flushes_every_request_already_answered()
    {
        var path = Path.Combine(_dir, "requests.jsonl");
        var app = ScoringServer.Build(new FakeBinaryModel(), new ScoringServerOptions(RequestLogPath: path));
        var url = await ScoringServer.StartAsync(app);
        var replies = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Post(url, $$"""[{"age": {{i}}, "sex": "a"}]""")));
        await app.StopAsync();

        Assert.That(replies.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK));
        var ages = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("inputs")[0].GetProperty("age").GetInt32());
        Assert.That(ages, Is.EquivalentTo(Enumerable.Range(0, 300)));
        await app.DisposeAsync();
    }

    [Test]
    public async Task The_sample_rate_logs_about_that_share_and_zero_logs_nothing()
    {
        var half = Path.Combine(_dir, "half.jsonl");
        var none = Path.Combine(_dir, "none.jsonl");
        var halfApp = ScoringServer.Build(new FakeBinaryModel(), new ScoringServerOptions(RequestLogPath: half, RequestLogSampleRate: 0.5));
        var noneApp = ScoringServer.Build(new FakeBinaryModel(), new ScoringServerOptions(RequestLogPath: none, RequestLogSampleRate: 0));
        var halfUrl = await ScoringServer.StartAsync(halfApp);
        var noneUrl = await ScoringServer.StartAsync(noneApp);
        for (var i = 0; i < 400; i++) await Post(halfUrl, """[{"age": 1, "sex": "a"}]""");
        Assert.That((await Post(noneUrl, """[{"age": 1, "sex": "a"}]""")).Status, Is.EqualTo(HttpStatusCode.OK));
        await halfApp.DisposeAsync();
        await noneApp.DisposeAsync();

        // 400 draws at 0.5: outside 120..280 has a probability far below 1e-15.
        Assert.That(File.ReadAllLines(half), Has.Length.InRange(120, 280));
        Assert.That(File.ReadAllText(none), Is.Empty);
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void A_sample_rate_outside_0_to_1_is_invalid_input(double rate)
    {
        Assert.That(() => ScoringServer.Build(new FakeBinaryModel(), new ScoringServerOptions(RequestLogPath: Path.Combine(_dir, "x"), RequestLogSampleRate: rate)),
            Throws.TypeOf<InvalidInputException>().With.Message.Contains("sample rate"));
    }
}
