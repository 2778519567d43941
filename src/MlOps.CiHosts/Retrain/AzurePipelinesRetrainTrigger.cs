using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Core.Errors;
using Polly.Timeout;

namespace MlOps.CiHosts.Retrain;

/// <summary>
/// Starts an Azure Pipelines run with REST 7.1 "Runs - Run Pipeline":
/// POST {organization}{project}/_apis/pipelines/{id}/runs, the branch as resources.repositories.self.refName and the
/// model, the reason and any extra parameters as templateParameters (the pipeline must declare them as parameters).
/// </summary>
public sealed class AzurePipelinesRetrainTrigger : IRetrainTrigger, IDisposable
{
    public const string ApiVersion = "7.1";

    private readonly HttpClient _http;
    private readonly Uri _organization;
    private readonly string _project;
    private readonly int _pipelineId;
    private readonly string _refName;
    private readonly AzureDevOpsToken _token;

    public AzurePipelinesRetrainTrigger(Uri organizationUrl, string project, int pipelineId, string branch, AzureDevOpsToken token,
        RetrainClientOptions? options = null)
    {
        options ??= new RetrainClientOptions();
        _organization = organizationUrl.AbsoluteUri.EndsWith('/') ? organizationUrl : new Uri(organizationUrl.AbsoluteUri + "/");
        _project = project;
        _pipelineId = pipelineId;
        _refName = branch.StartsWith("refs/", StringComparison.Ordinal) ? branch : $"refs/heads/{branch}";
        _token = token;
        // The retry handler owns the per-attempt time limit; HttpClient's own timeout would cut the retries short.
        _http = options.CreateHttpClient();
    }

    public string Description => $"Azure Pipelines pipeline {_pipelineId} in {_organization}{_project} ({_refName})";

    /// <summary>The request URL, for messages and tests.</summary>
    public Uri RunsUri => new(_organization, $"{Uri.EscapeDataString(_project)}/_apis/pipelines/{_pipelineId}/runs?api-version={ApiVersion}");

    public async Task<RetrainRun> TriggerAsync(RetrainRequest request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, RunsUri) { Content = Body(request) };
        message.Headers.Authorization = _token.Header;
        message.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new ExternalFailureException($"Azure DevOps could not be reached to start {Description} (after retries): {e.Message}", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return response.StatusCode switch
            {
                HttpStatusCode.OK or HttpStatusCode.Created when Json(text) is JsonObject run => Started(run),
                // A missing or malformed credential gets the sign-in page (203 or 200 with HTML), not a 401.
                < HttpStatusCode.MultipleChoices or HttpStatusCode.Unauthorized => throw new InvalidInputException(
                    $"Azure DevOps did not accept the {_token} while starting {Description} ({(int)response.StatusCode}): {_token.Needs(_pipelineId)}"),
                HttpStatusCode.Forbidden => throw new InvalidInputException(
                    $"Azure DevOps refused to start {Description} (403): {_token.Needs(_pipelineId)}. {ErrorMessage(text)}".TrimEnd()),
                HttpStatusCode.NotFound => throw new InvalidInputException(
                    $"pipeline id {_pipelineId} was not found in project '{_project}' of {_organization} (404; or the token's identity cannot see it): " +
                    $"check retrain.trigger.azure-pipelines pipeline-id and project. {ErrorMessage(text)}".TrimEnd()),
                HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => throw new InvalidInputException(
                    $"Azure DevOps refused to start {Description} ({(int)response.StatusCode}): {ErrorMessage(text)} " +
                    "(the pipeline must declare the parameters model and reason, and every extra parameter passed)"),
                _ => throw new ExternalFailureException(
                    $"Azure DevOps failed to start {Description} ({(int)response.StatusCode} {response.ReasonPhrase}, after retries). {ErrorMessage(text)}".TrimEnd()),
            };
        }
    }

    private StringContent Body(RetrainRequest request)
    {
        var parameters = new JsonObject();
        foreach (var (name, value) in request.Parameters) parameters[name] = value;
        parameters["model"] = request.Model;
        parameters["reason"] = request.Reason;
        var body = new JsonObject
        {
            ["resources"] = new JsonObject
            {
                ["repositories"] = new JsonObject { ["self"] = new JsonObject { ["refName"] = _refName } },
            },
            ["templateParameters"] = parameters,
        };
        return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
    }

    private RetrainRun Started(JsonObject run)
    {
        var id = run["id"]?.ToString()
            ?? throw new ExternalFailureException($"Azure DevOps answered the start of {Description} without a run id");
        return new RetrainRun(id, run["_links"]?["web"]?["href"]?.GetValue<string>());
    }

    private static JsonNode? Json(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Azure DevOps errors are {"message": ..., "typeKey": ...}; anything else is quoted briefly.</summary>
    private static string ErrorMessage(string text) =>
        Json(text) is JsonObject error && error["message"]?.GetValue<string>() is { } m ? m
        : text.Length > 200 ? text[..200] + "…" : text;

    public void Dispose() => _http.Dispose();
}
