using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MlOps.CiHosts.Http;

/// <summary>
/// Retries what a CI service answers when it is busy or briefly down (408, 429, 5xx, a 403 that is really a rate limit,
/// a reset connection; not an unknown host name) with exponential backoff, waiting for Retry-After when the service sends one. A
/// <see cref="DelegatingHandler"/> so the Azure DevOps clients and Octokit share one policy (Polly).
/// </summary>
public sealed class TransientRetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public TransientRetryHandler(CiServiceClientOptions options, HttpMessageHandler inner) : base(inner)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0)
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Delay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    // A host name that does not resolve is a typo or a missing network, not a busy service: say so at once.
                    { Exception: HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } } => false,
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } response } => IsTransient(response) && !(RetryAfter(response) > options.MaxDelay),
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? RetryAfter(r) : null),
            });
        // Added after the retry, so the time limit applies to each attempt rather than to all of them.
        _pipeline = builder.AddTimeout(options.Timeout).Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async ct => await base.SendAsync(request, ct).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

    public static bool IsTransient(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => true,
        >= HttpStatusCode.InternalServerError and not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported => true,
        // GitHub answers its rate limits with 403 + Retry-After or x-ratelimit-remaining: 0, not only 429.
        HttpStatusCode.Forbidden => response.Headers.RetryAfter is not null || Header(response, "x-ratelimit-remaining") == "0",
        _ => false,
    };

    /// <summary>Retry-After as seconds or an HTTP date; GitHub's x-ratelimit-reset (epoch seconds) when that is all there is.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } after)
            return after.Delta ?? (after.Date is { } date ? Max0(date - DateTimeOffset.UtcNow) : null);
        if (Header(response, "x-ratelimit-remaining") == "0" && long.TryParse(Header(response, "x-ratelimit-reset"), out var reset))
            return Max0(DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow);
        return null;
    }

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
