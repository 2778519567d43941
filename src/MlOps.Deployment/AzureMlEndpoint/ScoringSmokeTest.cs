using System.Text;
using System.Text.Json.Nodes;
using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Deployment.AzureMlEndpoint;

/// <summary>
/// Scores one row through the endpoint's scoring URI, routed to one deployment by the <c>azureml-model-deployment</c>
/// header: the only route Azure ML exposes, so it proves what users will call works (auth, routing, the container's
/// /score), not only that Azure ML thinks the container is ready. Retried until the deadline while the answer is not 2xx.
/// </summary>
public sealed class ScoringSmokeTest(HttpMessageHandler? handler, TimeProvider clock, TimeSpan retryInterval)
{
    public const string DeploymentHeader = "azureml-model-deployment";

    /// <param name="body">The /score body: the deploy's sample row (<see cref="DeploymentRequest.SampleBody"/>), else <see cref="Body"/>.</param>
    /// <returns>Null when the deployment answered 2xx; else the last answer (status and the start of the body, or the error).</returns>
    public async Task<string?> RunAsync(Uri scoringUri, string deployment, string credential, string body, DateTimeOffset deadline,
        CancellationToken ct)
    {
        using var http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null) { Timeout = TimeSpan.FromSeconds(30) };
        while (true)
        {
            string last;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, scoringUri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add(DeploymentHeader, deployment);
                request.Headers.Authorization = new("Bearer", credential);
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode) return null;
                var text = await response.Content.ReadAsStringAsync(ct);
                last = $"{(int)response.StatusCode} {response.ReasonPhrase}" + (text.Length == 0 ? "" : $": {(text.Length > 300 ? text[..300] + "..." : text)}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                last = e.Message;
            }
            if (clock.GetUtcNow() >= deadline) return last;
            await Task.Delay(retryInterval, clock, ct);
        }
    }

    /// <summary>
    /// Without a sample of the project's data: one row with every feature of the model card (0 for numbers, "" for
    /// text); an empty row when the card is not at hand.
    /// </summary>
    public static string Body(string modelPath)
    {
        var row = new JsonObject();
        var card = Path.Combine(modelPath, ModelCard.FileName);
        if (modelPath.Length > 0 && File.Exists(card))
            foreach (var feature in ModelCard.Read(card).Features)
                row[feature.Name] = feature.Kind == ColumnKind.Numeric ? 0 : "";
        return new JsonArray(row).ToJsonString();
    }
}
