using System.Text.Json.Nodes;

namespace MlOps.CiHosts.Tests.PullRequests.Fakes;

/// <summary>The variables each CI host sets on a PR build, pointed at the fakes.</summary>
internal static class PullRequestEnvironments
{
    public const string HeadSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    public const string MergeSha = "b1946ac92492d2347c6235b4d2611184a1b2c3d4";

    /// <summary>The pull_request event payload of the test assets, copied to <paramref name="folder"/>; <paramref name="fork"/> moves the head to a fork.</summary>
    public static string WriteEvent(string folder, string assets, bool fork = false, string file = "pull_request.synchronize.json")
    {
        var payload = JsonNode.Parse(File.ReadAllText(Path.Combine(assets, file)))!;
        if (fork && payload["pull_request"]?["head"]?["repo"] is JsonObject head)
        {
            head["full_name"] = "outside-contributor/adult-models";
            head["fork"] = true;
            head["owner"] = new JsonObject { ["login"] = "outside-contributor", ["id"] = 7731, ["type"] = "User" };
        }
        var path = Path.Combine(folder, "event.json");
        File.WriteAllText(path, payload.ToJsonString());
        return path;
    }

    /// <summary>A GitHub Actions job for the pull_request event at <paramref name="eventPath"/>, talking to <paramref name="github"/>.</summary>
    public static Dictionary<string, string> GitHub(FakeGitHub github, string eventPath, string folder, string eventName = "pull_request") => new()
    {
        ["CI"] = "true",
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_EVENT_NAME"] = eventName,
        ["GITHUB_EVENT_PATH"] = eventPath,
        ["GITHUB_REPOSITORY"] = $"{github.Owner}/{github.Repo}",
        ["GITHUB_API_URL"] = github.BaseUri.ToString().TrimEnd('/'),
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_TOKEN"] = FakeGitHub.Token,
        ["GITHUB_RUN_ID"] = "11223344",
        ["GITHUB_RUN_ATTEMPT"] = "1",
        ["GITHUB_SHA"] = MergeSha,
        ["GITHUB_REF"] = $"refs/pull/{github.PullRequest}/merge",
        ["GITHUB_HEAD_REF"] = "feature/fewer-features",
        ["GITHUB_BASE_REF"] = "main",
        ["GITHUB_ACTOR"] = "data-scientist",
        ["GITHUB_WORKSPACE"] = folder,
        ["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "step_summary.md"),
        ["GITHUB_OUTPUT"] = Path.Combine(folder, "github_output"),
    };

    /// <summary>An Azure Pipelines PR validation build of an Azure Repos PR, talking to <paramref name="ado"/>.</summary>
    public static Dictionary<string, string> AzurePipelines(FakeAzureDevOps ado, string folder) => new()
    {
        ["TF_BUILD"] = "True",
        ["SYSTEM_COLLECTIONURI"] = ado.CollectionUri,
        ["SYSTEM_TEAMPROJECT"] = "Adult Models",
        ["SYSTEM_TEAMPROJECTID"] = FakeAzureDevOps.ProjectId,
        ["BUILD_REPOSITORY_ID"] = FakeAzureDevOps.RepositoryId,
        ["BUILD_REPOSITORY_NAME"] = "adult-models",
        ["BUILD_REPOSITORY_PROVIDER"] = "TfsGit",
        ["BUILD_REPOSITORY_URI"] = $"https://contoso@dev.azure.com/contoso/Adult%20Models/_git/adult-models",
        ["BUILD_REASON"] = "PullRequest",
        ["BUILD_BUILDID"] = "512",
        ["BUILD_SOURCEVERSION"] = MergeSha,
        ["BUILD_SOURCEBRANCH"] = $"refs/pull/{ado.PullRequestId}/merge",
        ["BUILD_REQUESTEDFOR"] = "Data Scientist",
        ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = ado.PullRequestId.ToString(),
        ["SYSTEM_PULLREQUEST_SOURCEBRANCH"] = "refs/heads/feature/fewer-features",
        ["SYSTEM_PULLREQUEST_TARGETBRANCH"] = "refs/heads/main",
        ["SYSTEM_PULLREQUEST_SOURCECOMMITID"] = HeadSha,
        ["SYSTEM_ACCESSTOKEN"] = FakeAzureDevOps.Token,
        ["AGENT_TEMPDIRECTORY"] = folder,
    };
}
