using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using MlOps.Models;

namespace MlOps.Server.Tests;

/// <summary>The real server on 127.0.0.1 with a random port, called over HTTP.</summary>
public class ScoringServerTests
{
    private readonly List<WebApplication> _apps = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    [TearDown]
    public async Task Stop()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        _apps.Clear();
    }

    [OneTimeTearDown]
    public void DisposeClient() => _http.Dispose();

    private async Task<string> Start(IScoringModel model, ScoringServerOptions? options = null)
    {
        var app = ScoringServer.Build(model, options ?? new ScoringServerOptions(ModelReference: "income:3"));
        _apps.Add(app);
        return await ScoringServer.StartAsync(app);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string ContentType)> Post(string url, string body, string contentType = "application/json")
    {
        var response = await _http.PostAsync(url + "/score", new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response.Content.Headers.ContentType?.MediaType ?? "");
    }

    [Test]
    public async Task Scores_rows_in_both_body_shapes()
    {
        var url = await Start(new FakeBinaryModel());
        Assert.That(url, Does.Match(@"^http://127\.0\.0\.1:\d+$"));
        var (status, body, _) = await Post(url, """[{"age": 70, "sex": "Male", "income": "ignored"}, {"age": 20, "sex": null}]""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("model").GetString(), Is.EqualTo("income:3"));
        var p = body.GetProperty("predictions");
        Assert.That(p[0].GetProperty("label").GetString(), Is.EqualTo(">50K"));
        Assert.That(p[0].GetProperty("probability").GetDouble(), Is.EqualTo(0.8).Within(1e-12));
        Assert.That(p[1].GetProperty("label").GetString(), Is.EqualTo("<=50K"));
        Assert.That(p[1].GetProperty("probability").GetDouble(), Is.EqualTo(0.2).Within(1e-12));

        var (status2, body2, _) = await Post(url, """{"rows": [{"age": null, "sex": "Female"}]}""");
        Assert.That(status2, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body2.GetProperty("predictions")[0].GetProperty("probability").GetDouble(), Is.EqualTo(0.5));
    }

    [Test]
    public async Task Regression_and_multiclass_responses()
    {
        var reg = await Start(new FakeRegressionModel());
        var (_, body, _) = await Post(reg, """[{"rooms": 3}]""");
        Assert.That(body.GetProperty("predictions")[0].GetProperty("value").GetDouble(), Is.EqualTo(3000));
        var multi = await Start(new FakeMulticlassModel());
        var (_, m, _) = await Post(multi, """[{"petal": 5}]""");
        Assert.That(m.GetProperty("predictions")[0].GetProperty("label").GetString(), Is.EqualTo("versicolor"));
        Assert.That(m.GetProperty("predictions")[0].GetProperty("probabilities").GetProperty("setosa").GetDouble(), Is.EqualTo(0.2));
    }

    [TestCase("""[{"age": 30, "sex": "Male"}, {"sex": "Male"}]""", "row 1: feature 'age' is missing", "rows[1].age")]
    [TestCase("""[{"age": "30", "sex": "Male"}]""", "row 0: feature 'age' must be a number or null, found string \"30\"", "rows[0].age")]
    [TestCase("""[{"age": 30, "sex": ["Male"]}]""", "row 0: feature 'sex' must be a string or null, found an array", "rows[0].sex")]
    [TestCase("""[42]""", "row 0: expected an object of feature values, found number 42", "rows[0]")]
    [TestCase("""[]""", "no rows to score", "rows")]
    [TestCase("""{"data": []}""", "the body must be a JSON array of rows", null)]
    [TestCase("""[{"age": 30,""", "malformed JSON at line 1", null)]
    public async Task Bad_input_is_400_naming_row_and_field(string body, string detail, string? field)
    {
        var url = await Start(new FakeBinaryModel());
        var (status, problem, type) = await Post(url, body);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(type, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith(detail));
        Assert.That(problem.GetProperty("field").ValueKind == JsonValueKind.Null ? null : problem.GetProperty("field").GetString(), Is.EqualTo(field));
    }

    [Test]
    public async Task Too_many_rows_oversized_body_and_wrong_content_type()
    {
        var url = await Start(new FakeBinaryModel(), new ScoringServerOptions(MaxBodyBytes: 200, MaxRows: 2));
        var (rows, problem, _) = await Post(url, """[{"age":1,"sex":"a"},{"age":1,"sex":"a"},{"age":1,"sex":"a"}]""");
        Assert.That(rows, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("3 rows in one request; at most 2"));
        var (big, _, _) = await Post(url, "[" + string.Join(",", Enumerable.Repeat("""{"age":1,"sex":"a"}""", 20)) + "]");
        Assert.That(big, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        var (media, _, _) = await Post(url, "age=1", "text/plain");
        Assert.That(media, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task A_failing_model_is_500_and_the_server_keeps_serving()
    {
        var model = new FakeBinaryModel { Override = _ => throw new InvalidOperationException("native crash") };
        var url = await Start(model);
        var (status, problem, _) = await Post(url, """[{"age": 1, "sex": "a"}]""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Not.Contain("native crash"), "internals are logged, not returned");
        model.Override = null;
        Assert.That((await Post(url, """[{"age": 1, "sex": "a"}]""")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Health_and_signature_endpoints()
    {
        var url = await Start(new FakeBinaryModel());
        Assert.That((await _http.GetAsync(url + "/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await _http.GetStringAsync(url + "/health/ready"), Does.Contain("ready"));
        var model = JsonDocument.Parse(await _http.GetStringAsync(url + "/v1/model")).RootElement;
        Assert.That(model.GetProperty("reference").GetString(), Is.EqualTo("income:3"));
        Assert.That(model.GetProperty("card").GetProperty("features")[1].GetProperty("kind").GetString(), Is.EqualTo("categorical"));
    }

    [Test]
    public async Task A_model_that_fails_warm_up_is_live_but_not_ready()
    {
        var url = await Start(new FakeBinaryModel { Override = _ => throw new InvalidOperationException("broken") });
        Assert.That((await _http.GetAsync(url + "/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _http.GetAsync(url + "/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }
}
