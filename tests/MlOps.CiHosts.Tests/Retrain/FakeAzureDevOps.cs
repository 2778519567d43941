using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MlOps.CiHosts.Tests.Retrain;

/// <summary>
/// Azure DevOps "Runs - Run Pipeline" (REST 7.1): one organization, one project, one YAML pipeline declaring the
/// parameters model, reason and window. Answers carry the shapes of the real service: a Run with _links.web, the
/// {"message", "typeKey"} error body, 401 for an unknown token, 404 PipelineNotFoundException, 400 for an undeclared
/// template parameter.
/// </summary>
public sealed partial class FakeAzureDevOps : FakeService
{
    public const string Organization = "fabrikam";
    public const string Project = "Fabrikam Fiber";
    public const int PipelineId = 12;
    public const string JobToken = "ado-job-token-123";
    public const string Pat = "ado-pat-456";
    public static readonly string[] DeclaredParameters = ["model", "reason", "window"];

    private int _nextRun = 1233;

    public Uri OrganizationUrl => new(BaseUri, Organization + "/");

    public static async Task<FakeAzureDevOps> StartNewAsync()
    {
        var fake = new FakeAzureDevOps();
        await fake.StartAsync();
        return fake;
    }

    protected override (int, string, string?) Handle(string method, string path, string authorization, string body)
    {
        if (authorization != $"Bearer {JobToken}" && authorization != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Pat)))
            return (401, "", null);
        var match = RunsPath().Match(path);
        if (method != "POST" || !match.Success || Uri.UnescapeDataString(match.Groups["project"].Value) != Project)
            return (404, Error($"The controller for path '{path}' was not found or does not implement IController.", "NotFoundException"), null);
        var pipeline = int.Parse(match.Groups["id"].Value);
        if (pipeline != PipelineId)
            return (404, Error($"Pipeline with id {pipeline} not found.", "PipelineNotFoundException"), null);
        var request = JsonNode.Parse(body)!.AsObject();
        var parameters = request["templateParameters"]?.AsObject() ?? new JsonObject();
        foreach (var (name, _) in parameters)
            if (Array.IndexOf(DeclaredParameters, name) < 0)
                return (400, Error($"Unexpected parameter '{name}'", "PipelineValidationException"), null);
        return (200, Run(Interlocked.Increment(ref _nextRun), request).ToJsonString(), null);
    }

    /// <summary>A Run as the service returns it right after queueing.</summary>
    private JsonObject Run(int id, JsonObject request)
    {
        var projectId = "a5c68379-3e8f-4a3c-9f05-d87f2f6e9c1b";
        var root = $"{OrganizationUrl}{projectId}";
        return new JsonObject
        {
            ["_links"] = new JsonObject
            {
                ["self"] = Link($"{root}/_apis/pipelines/{PipelineId}/runs/{id}"),
                ["web"] = Link($"{root}/_build/results?buildId={id}"),
                ["pipeline.web"] = Link($"{root}/_build/definition?definitionId={PipelineId}"),
                ["pipeline"] = Link($"{root}/_apis/pipelines/{PipelineId}?revision=3"),
            },
            ["templateParameters"] = request["templateParameters"]?.DeepClone(),
            ["pipeline"] = new JsonObject
            {
                ["url"] = $"{root}/_apis/pipelines/{PipelineId}?revision=3",
                ["id"] = PipelineId,
                ["revision"] = 3,
                ["name"] = "nightly-retrain",
                ["folder"] = "\\",
            },
            ["state"] = "inProgress",
            ["createdDate"] = "2026-11-23T02:00:00.1234567Z",
            ["url"] = $"{root}/_apis/pipelines/{PipelineId}/runs/{id}",
            ["resources"] = new JsonObject
            {
                ["repositories"] = new JsonObject
                {
                    ["self"] = new JsonObject
                    {
                        ["repository"] = new JsonObject { ["id"] = "0e3a5f0b-6c8b-4a55-9d5e-2f1a9d0c7b11", ["type"] = "azureReposGit" },
                        ["refName"] = request["resources"]?["repositories"]?["self"]?["refName"]?.DeepClone(),
                        ["version"] = "7d4c9a1f3e2b8c6d5a4f3e2d1c0b9a8f7e6d5c4b",
                    },
                },
            },
            ["id"] = id,
            ["name"] = $"20261123.{id - 1233}",
        };
    }

    private static JsonObject Link(string href) => new() { ["href"] = href };

    public static string Error(string message, string typeKey) => new JsonObject
    {
        ["$id"] = "1",
        ["innerException"] = null,
        ["message"] = message,
        ["typeName"] = $"Microsoft.Azure.Pipelines.WebApi.{typeKey}, Microsoft.Azure.Pipelines.WebApi",
        ["typeKey"] = typeKey,
        ["errorCode"] = 0,
        ["eventId"] = 3000,
    }.ToJsonString();

    [GeneratedRegex($"^/{Organization}/(?<project>[^/]+)/_apis/pipelines/(?<id>[0-9]+)/runs$")]
    private static partial Regex RunsPath();
}
