using System.Net;

namespace MlOps.CiHosts.PullRequests;

/// <summary>
/// Retries what GitHub or Azure DevOps answer when busy or briefly down (408, 429, 5xx, a dropped connection) with
/// exponential backoff, honouring Retry-After. A handler, so Octokit and the Azure Repos client share it.
/// </summary>
internal sealed class RetryHandler(PullRequestClientOptions options, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The body is read once up front: a retried request must send the same bytes again.
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var contentHeaders = request.Content?.Headers.ToList();
        var delay = options.Delay;
        for (var attempt = 0; ; attempt++)
        {
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                foreach (var (name, values) in contentHeaders!) request.Content.Headers.TryAddWithoutValidation(name, values);
            }
            HttpResponseMessage? response = null;
            using var perAttempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            perAttempt.CancelAfter(options.Timeout);
            try
            {
                response = await base.SendAsync(request, perAttempt.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < options.MaxRetries && !cancellationToken.IsCancellationRequested
                                      && e is HttpRequestException or OperationCanceledException)
            {
            }
            if (response is not null)
            {
                var wait = RetryAfter(response);
                if (attempt >= options.MaxRetries || !IsTransient(response.StatusCode) || wait > options.MaxDelay) return response;
                if (wait is { } w) delay = w;
                response.Dispose();
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxDelay.Ticks));
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || (status >= HttpStatusCode.InternalServerError && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported);

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is not { } after ? null
        : after.Delta ?? (after.Date is { } date ? (date - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero) : null);
}
