using System.Net.Http.Headers;
using MlOps.Core.Errors;
using MlOps.Server;

namespace MlOps.Steps.Compare.Replay;

/// <summary>POST /score with the request id the logs and the labels share.</summary>
public sealed class ScorePoster(HttpClient http)
{
    public async Task PostAsync(string variant, string baseUrl, string requestId, byte[] body, string at, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/score") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(RequestIds.Header, requestId);
        using var response = await http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return;
        var detail = await response.Content.ReadAsStringAsync(ct);
        var message = $"{at}: the {variant} answered {(int)response.StatusCode} for request {requestId}: {detail}";
        throw (int)response.StatusCode is >= 400 and < 500 ? new InvalidInputException(message) : new ExternalFailureException(message);
    }
}
