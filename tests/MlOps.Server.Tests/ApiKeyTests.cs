using System.Net;
using System.Text;

namespace MlOps.Server.Tests;

/// <summary>With an API key set, scoring and the card need it; probes and scrapers do not; the key is never echoed.</summary>
public class ApiKeyTests : ServerTestBase
{
    private const string Key = "s3cret-key-0123456789";
    private const string Row = """[{"age": 50, "sex": "Male"}]""";

    [TestCase("Authorization", "Bearer " + Key)]
    [TestCase("Authorization", "bearer " + Key)]
    [TestCase("X-Api-Key", Key)]
    public async Task The_right_key_in_either_header_scores(string header, string value)
    {
        var url = await Start(new FakeBinaryModel(), new ScoringServerOptions(ModelReference: "income:3", ApiKey: Key));
        using var response = await Http.SendAsync(Request(HttpMethod.Post, url + "/score", (header, value), Row));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var card = await Http.SendAsync(Request(HttpMethod.Get, url + "/v1/model", (header, value)));
        Assert.That(card.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(null, null)]
    [TestCase("Authorization", "Bearer wrong")]
    [TestCase("Authorization", "Bearer " + Key + "x")]
    [TestCase("Authorization", "Basic " + Key)]
    [TestCase("X-Api-Key", "s3cret-key-012345678")]
    public async Task A_missing_or_wrong_key_is_401_problem_without_the_key(string? header, string? value)
    {
        var url = await Start(new FakeBinaryModel(), new ScoringServerOptions(ApiKey: Key));
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/score"), (HttpMethod.Get, "/v1/model") })
        {
            using var response = await Http.SendAsync(Request(method, url + path, header is null ? null : (header, value!), Row));
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
            Assert.That(text, Does.Contain("\"title\":\"unauthorized\"").And.Contain("X-Api-Key").And.Not.Contain(Key));
        }
    }

    [Test]
    public async Task Health_and_metrics_stay_open()
    {
        var url = await Start(new FakeBinaryModel(), new ScoringServerOptions(ApiKey: Key));
        Assert.That((await Get(url, "/health/live")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Get(url, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Http.GetAsync(url + "/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Without_a_key_configured_no_header_is_needed()
    {
        var url = await Start(new FakeBinaryModel());
        Assert.That((await Post(url, Row)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void The_key_never_appears_in_the_options_text_and_a_blank_key_is_invalid()
    {
        var options = new ScoringServerOptions(ApiKey: Key);
        Assert.That(options.ToString(), Does.Not.Contain(Key).And.Contain("ApiKey = ***"));
        Assert.That(() => ScoringServer.Build(new FakeBinaryModel(), new ScoringServerOptions(ApiKey: " ")),
            Throws.TypeOf<Core.Errors.InvalidInputException>());
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, (string Name, string Value)? header, string? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (header is { } h) request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        return request;
    }
}
