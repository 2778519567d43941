using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using MlOps.Core.DataChecks;
using MlOps.Models;

namespace MlOps.Server.Tests;

/// <summary>Starts the real server on 127.0.0.1 with a random port and calls it over HTTP; stops it after each test.</summary>
public abstract class ServerTestBase
{
    private readonly List<WebApplication> _apps = [];
    protected readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public sealed record Reply(HttpStatusCode Status, JsonElement Body, string MediaType, string Text);

    [TearDown]
    public async Task StopServers()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        _apps.Clear();
    }

    [OneTimeTearDown]
    public void DisposeClient() => Http.Dispose();

    protected WebApplication Build(IScoringModel model, ScoringServerOptions? options = null, DataProfile? profile = null)
    {
        var app = ScoringServer.Build(model, options ?? new ScoringServerOptions(ModelReference: "income:3"), profile);
        _apps.Add(app);
        return app;
    }

    protected async Task<string> Start(IScoringModel model, ScoringServerOptions? options = null, DataProfile? profile = null) =>
        await ScoringServer.StartAsync(Build(model, options, profile));

    /// <summary>Posts UTF-8 text with exactly <paramref name="contentType"/> as the Content-Type header.</summary>
    protected Task<Reply> Post(string url, string body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return Send(url, content);
    }

    protected async Task<Reply> Send(string url, HttpContent content, bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url + "/score") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await Http.SendAsync(request);
        return await ReplyOf(response);
    }

    protected async Task<Reply> Get(string url, string path)
    {
        using var response = await Http.GetAsync(url + path);
        return await ReplyOf(response);
    }

    private static async Task<Reply> ReplyOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new Reply(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType ?? "", text);
    }

    /// <summary>Asserts a problem response and returns its detail.</summary>
    protected static string AssertProblem(Reply reply, HttpStatusCode status, string title, string? field = null)
    {
        Assert.That(reply.Status, Is.EqualTo(status), reply.Text);
        Assert.That(reply.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(reply.Body.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        Assert.That(reply.Body.GetProperty("title").GetString(), Is.EqualTo(title));
        if (field is null) Assert.That(reply.Body.TryGetProperty("field", out _), Is.False, reply.Text);
        else Assert.That(reply.Body.GetProperty("field").GetString(), Is.EqualTo(field), reply.Text);
        return reply.Body.GetProperty("detail").GetString()!;
    }

    /// <summary>The value of one sample line, e.g. <c>name{labels} 3</c>; fails when the line is absent.</summary>
    protected static double Sample(string text, string series)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(series) + @" (\S+)$", RegexOptions.Multiline);
        Assert.That(match.Success, Is.True, $"no sample {series} in:\n{text}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
