using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MlOps.CiHosts.Tests.Retrain;

/// <summary>
/// Kestrel on 127.0.0.1 (a free port) that records every request and answers through <see cref="Handle"/>, after any
/// injected faults: the plumbing the Azure DevOps and GitHub fakes share.
/// </summary>
public abstract class FakeService : IAsyncDisposable
{
    private LoopbackHost? _host;
    private readonly ConcurrentQueue<(int Status, string? RetryAfter, string Body, IReadOnlyDictionary<string, string>? Headers)> _faults = new();

    public Uri BaseUri { get; private set; } = null!;
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected async Task StartAsync()
    {
        _host = await LoopbackHost.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var (status, answer, retryAfter) = _faults.TryDequeue(out var fault)
                ? (fault.Status, fault.Body, fault.RetryAfter)
                : Handle(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.Authorization.ToString(), body);
            // The path as sent on the wire, so tests see the client's escaping.
            var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget.Split('?')[0];
            Requests.Enqueue(new RecordedRequest(context.Request.Method, raw, context.Request.QueryString.Value ?? "",
                context.Request.Headers.Authorization.FirstOrDefault(), context.Request.ContentType, body, status));
            context.Response.StatusCode = status;
            if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
            foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
            if (answer.Length == 0) return;
            context.Response.ContentType = answer.StartsWith('<') ? "text/html" : "application/json; charset=utf-8";
            await context.Response.WriteAsync(answer, Encoding.UTF8);
        });
        BaseUri = _host.BaseUri;
    }

    /// <summary>The next <paramref name="times"/> requests get <paramref name="status"/> instead of the real answer.</summary>
    public void FailNext(int status, int times = 1, string? retryAfter = null, JsonNode? body = null,
        IReadOnlyDictionary<string, string>? headers = null) => FailNext(status, times, retryAfter, body?.ToJsonString() ?? "", headers);

    /// <summary>As above with a raw body (an HTML sign-in page).</summary>
    public void FailNext(int status, int times, string? retryAfter, string body, IReadOnlyDictionary<string, string>? headers = null)
    {
        for (var i = 0; i < times; i++) _faults.Enqueue((status, retryAfter, body, headers));
    }

    /// <summary>The service's answer: status and body ("" for none).</summary>
    protected abstract (int Status, string Body, string? RetryAfter) Handle(string method, string path, string authorization, string body);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
