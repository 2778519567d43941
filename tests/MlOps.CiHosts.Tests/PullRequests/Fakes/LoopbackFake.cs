using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MlOps.CiHosts.Tests.PullRequests.Fakes;

/// <summary>One request as the fake saw it: what the tests assert, exactly.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, JsonNode? Body)
{
    public override string ToString() => $"{Method} {Path}{Query}";
}

/// <summary>
/// An HTTP server on 127.0.0.1 (Kestrel, an ephemeral port) that records every request with its body and answers from
/// the subclass's state. Faults are injected per test; a bug in the fake answers 500 with its stack, never hangs.
/// </summary>
internal abstract class LoopbackFake : IAsyncDisposable
{
    private LoopbackHost? _host;
    private readonly List<(string Match, int Status, JsonNode Body, int Remaining)> _faults = [];

    public Uri BaseUri { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Requests other than reads, in order: what changed on the service.</summary>
    public IReadOnlyList<RecordedRequest> Writes => Requests.Where(r => r.Method != "GET").ToList();

    /// <summary>Answers the next <paramref name="times"/> requests whose "METHOD path" contains <paramref name="match"/> with <paramref name="status"/>.</summary>
    public void FailNext(string match, int status, JsonNode body, int times = 1)
    {
        lock (_faults) _faults.Add((match, status, body, times));
    }

    protected async Task StartAsync()
    {
        _host = await LoopbackHost.StartAsync(HandleAsync);
        BaseUri = _host.BaseUri;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var r = context.Request;
        using var reader = new StreamReader(r.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var recorded = new RecordedRequest(r.Method, r.Path.Value ?? "", r.QueryString.Value ?? "",
            r.Headers.Authorization.Count > 0 ? r.Headers.Authorization.ToString() : null,
            string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
        Requests.Enqueue(recorded);
        try
        {
            if (TakeFault(recorded.ToString()) is { } fault)
                await JsonAsync(context, fault.Status, fault.Body);
            else
                await RespondAsync(context, recorded);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await JsonAsync(context, 500, new JsonObject { ["message"] = "bug in the fake: " + e });
        }
    }

    private (int Status, JsonNode Body)? TakeFault(string line)
    {
        lock (_faults)
        {
            var i = _faults.FindIndex(f => f.Remaining > 0 && line.Contains(f.Match, StringComparison.Ordinal));
            if (i < 0) return null;
            var f = _faults[i];
            _faults[i] = f with { Remaining = f.Remaining - 1 };
            return (f.Status, f.Body.DeepClone());
        }
    }

    protected abstract Task RespondAsync(HttpContext context, RecordedRequest request);

    protected static async Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
