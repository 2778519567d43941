using System.Net.Http.Json;
using MlOps.Core.Errors;
using MlOps.Router;

namespace MlOps.Deployment.Local;

/// <summary>Changes a running router's routes through its admin endpoint.</summary>
internal sealed class LocalRouterClient(LocalRouterState router)
{
    /// <summary>Returns once requests already forwarded under the old routes are answered, so a version they named can be stopped.</summary>
    public async Task SetAsync(RouteTable table, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        HttpResponseMessage response;
        try
        {
            response = await http.PutAsJsonAsync(router.AdminUrl + "/routes", table, RouterJson.Options, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ExternalFailureException($"the router of {router.Url} (pid {router.ProcessId}) did not answer at {router.AdminUrl}: {e.Message}; log {router.LogFile}", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new ExternalFailureException($"the router refused the routes ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(ct)}");
            var view = await response.Content.ReadFromJsonAsync<RouterView>(RouterJson.Options, ct);
            if (view?.Drained == false)
                throw new ExternalFailureException($"the router of {router.Url} still had requests in flight on the old routes after its drain timeout; nothing was stopped");
        }
    }
}
