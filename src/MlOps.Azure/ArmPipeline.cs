using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace MlOps.Azure;

/// <summary>
/// One Azure.Core HttpPipeline for ARM calls (retry with backoff and Retry-After, bearer token, telemetry) plus the
/// JSON request/response plumbing every Azure ML client shares. Non-success answers become
/// <see cref="RequestFailedException"/> carrying ARM's error code and message.
/// </summary>
public sealed class ArmPipeline
{
    public ArmPipeline(TokenCredential credential, AzureMlClientOptions? options = null)
    {
        Options = options ?? new AzureMlClientOptions();
        Credential = credential;
        Pipeline = HttpPipelineBuilder.Build(Options,
            perCallPolicies: [],
            perRetryPolicies: [new BearerTokenAuthenticationPolicy(credential, Options.ArmScope)],
            new ResponseClassifier());
    }

    public AzureMlClientOptions Options { get; }
    public TokenCredential Credential { get; }
    public HttpPipeline Pipeline { get; }

    /// <summary>Absolute URI for an ARM path ("/subscriptions/..."), with the api-version and extra query parameters.</summary>
    public Uri Uri(string path, params (string Name, string Value)[] query)
    {
        var builder = new StringBuilder(Options.ArmEndpoint.AbsoluteUri.TrimEnd('/')).Append(path);
        builder.Append("?api-version=").Append(System.Uri.EscapeDataString(Options.ApiVersion));
        foreach (var (name, value) in query) builder.Append('&').Append(name).Append('=').Append(System.Uri.EscapeDataString(value));
        return new Uri(builder.ToString());
    }

    /// <summary>Sends a request and returns the raw response when its status is in <paramref name="accept"/>, else throws.</summary>
    public async Task<Response> SendAsync(RequestMethod method, Uri uri, JsonNode? body, IReadOnlyDictionary<string, string>? headers,
        int[] accept, CancellationToken cancellationToken)
    {
        // Not disposed here: that would dispose the response; callers own (and dispose) the returned Response.
        var message = Pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(uri);
        request.Headers.Add("Accept", "application/json");
        if (headers is not null)
            foreach (var (name, value) in headers) request.Headers.SetValue(name, value);
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body.ToJsonString()));
        }
        await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response; // buffered (the default): Content is in memory
        if (Array.IndexOf(accept, response.Status) < 0)
            throw ArmError.From(method, uri, response, Options.ServiceName);
        return response;
    }

    /// <summary>Sends, follows a long-running operation when the answer starts one, and returns the final JSON body (null when empty).</summary>
    public async Task<ArmResult> SendJsonAsync(RequestMethod method, string path, JsonNode? body = null,
        IReadOnlyDictionary<string, string>? headers = null, CancellationToken cancellationToken = default, params (string, string)[] query)
    {
        var uri = Uri(path, query);
        var response = await SendAsync(method, uri, body, headers, [200, 201, 202, 204], cancellationToken).ConfigureAwait(false);
        if (LongRunningOperation.IsStarted(response))
            response = await new LongRunningOperation(this, method, uri, response).WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
        return ArmResult.From(response);
    }

    /// <summary>Every item of a list operation, following nextLink (ARM paging) until the last page.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(string path, CancellationToken cancellationToken, params (string, string)[] query)
    {
        var items = new List<JsonObject>();
        Uri? next = Uri(path, query);
        while (next is not null)
        {
            var page = ArmResult.From(await SendAsync(RequestMethod.Get, next, null, null, [200], cancellationToken).ConfigureAwait(false));
            foreach (var item in page.Body?["value"]?.AsArray() ?? []) if (item is JsonObject o) items.Add(o);
            var link = page.Body?["nextLink"]?.GetValue<string>();
            next = string.IsNullOrEmpty(link) ? null : new Uri(link);
        }
        return items;
    }

    /// <summary>GET that answers null for 404, for "does it exist yet" checks.</summary>
    public async Task<ArmResult?> TryGetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return ArmResult.From(await SendAsync(RequestMethod.Get, Uri(path), null, null, [200], cancellationToken).ConfigureAwait(false));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
