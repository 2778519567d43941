using System.Text.Json.Nodes;
using Azure;
using Azure.Core;

namespace MlOps.Azure;

/// <summary>
/// Follows an ARM long-running operation: polls Azure-AsyncOperation (body status InProgress → Succeeded / Failed /
/// Canceled) or else Location (202 while running), waiting Retry-After when the service sends it and a growing
/// interval otherwise; then returns the final resource (a GET of the original URI for PUT/PATCH, as ARM specifies).
/// </summary>
internal sealed class LongRunningOperation(ArmPipeline arm, RequestMethod method, Uri resourceUri, Response initial)
{
    public static bool IsStarted(Response response) =>
        response.Status is 201 or 202
        && (response.Headers.Contains("Azure-AsyncOperation") || (response.Status == 202 && response.Headers.Contains("Location")));

    public async Task<Response> WaitForCompletionAsync(CancellationToken cancellationToken)
    {
        var delay = arm.Options.PollInterval;
        var last = initial;
        if (initial.Headers.TryGetValue("Azure-AsyncOperation", out var statusUrl))
        {
            while (true)
            {
                await Task.Delay(Wait(last, delay), cancellationToken).ConfigureAwait(false);
                last = await arm.SendAsync(RequestMethod.Get, new Uri(statusUrl!), null, null, [200], cancellationToken).ConfigureAwait(false);
                var body = JsonNode.Parse(last.Content.ToString());
                var status = body?["status"]?.GetValue<string>() ?? "";
                if (status.Equals("Succeeded", StringComparison.OrdinalIgnoreCase)) break;
                if (status is "Failed" or "Canceled" or "Cancelled")
                {
                    var error = body?["error"];
                    var reason = error?["message"]?.GetValue<string>();
                    throw new ArmOperationFailedException(
                        $"{arm.Options.ServiceName} operation {method} {resourceUri.AbsolutePath} ended {status}" + (reason is null ? "" : $": {reason}"),
                        error?["code"]?.GetValue<string>(), status, reason);
                }
                delay = Grow(delay);
            }
        }
        else
        {
            var location = new Uri(initial.Headers.TryGetValue("Location", out var l) ? l! : throw new InvalidOperationException("no Location"));
            while (last.Status == 202)
            {
                await Task.Delay(Wait(last, delay), cancellationToken).ConfigureAwait(false);
                last = await arm.SendAsync(RequestMethod.Get, location, null, null, [200, 201, 202, 204], cancellationToken).ConfigureAwait(false);
                delay = Grow(delay);
            }
            if (method != RequestMethod.Put && method != RequestMethod.Patch) return last;
        }
        return method == RequestMethod.Put || method == RequestMethod.Patch
            ? await arm.SendAsync(RequestMethod.Get, resourceUri, null, null, [200], cancellationToken).ConfigureAwait(false)
            : last;
    }

    private TimeSpan Grow(TimeSpan delay) =>
        TimeSpan.FromTicks(Math.Min((long)(delay.Ticks * arm.Options.PollBackoff), arm.Options.MaxPollInterval.Ticks));

    /// <summary>The service's Retry-After (seconds) wins over our own interval: it knows when the next state is due.</summary>
    private static TimeSpan Wait(Response response, TimeSpan fallback) =>
        response.Headers.TryGetValue("Retry-After", out var value) && int.TryParse(value, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : fallback;
}
