using System.Text.Json;

namespace MlOps.CiHosts.PullRequests;

/// <summary>
/// The PR a GitHub Actions run is for, read from the event payload at GITHUB_EVENT_PATH: its number, and the head
/// commit the check run must sit on (GITHUB_SHA is the synthetic merge commit, which the PR page does not show).
/// </summary>
/// <param name="IsFork">The head lives in another repository: GITHUB_TOKEN is then read-only for `pull_request` events.</param>
public sealed record GitHubPullRequest(string Owner, string Repository, int Number, string HeadSha, bool IsFork)
{
    /// <summary>The events whose payload carries a pull_request object.</summary>
    private static readonly string[] PullRequestEvents = ["pull_request", "pull_request_target"];

    /// <summary>The PR, or null with the reason this run is not one (a push build, no event file).</summary>
    public static GitHubPullRequest? FromEnvironment(Func<string, string?> env, out string reason)
    {
        var eventName = env("GITHUB_EVENT_NAME");
        var eventPath = env("GITHUB_EVENT_PATH");
        if (string.IsNullOrEmpty(eventName) || !PullRequestEvents.Contains(eventName))
        {
            reason = $"this run is not for a pull request (GITHUB_EVENT_NAME is '{eventName}')";
            return null;
        }
        if (string.IsNullOrEmpty(eventPath) || !File.Exists(eventPath))
        {
            reason = $"GITHUB_EVENT_PATH ('{eventPath}') does not name the event file GitHub writes for every run";
            return null;
        }
        var repository = env("GITHUB_REPOSITORY");
        if (string.IsNullOrEmpty(repository) || repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            reason = $"GITHUB_REPOSITORY ('{repository}') is not OWNER/NAME";
            return null;
        }
        using var payload = TryParse(eventPath);
        if (payload is null)
        {
            reason = $"{eventPath}: the event file is not JSON";
            return null;
        }
        if (!payload.RootElement.TryGetProperty("pull_request", out var pr)
            || !pr.TryGetProperty("number", out var number) || !number.TryGetInt32(out var n)
            || !pr.TryGetProperty("head", out var head) || !head.TryGetProperty("sha", out var sha) || sha.GetString() is not { Length: > 0 } headSha)
        {
            reason = $"{eventPath}: a {eventName} event without pull_request.number and pull_request.head.sha";
            return null;
        }
        reason = "";
        var parts = repository.Split('/');
        return new GitHubPullRequest(parts[0], parts[1], n, headSha, HeadIsFork(pr));
    }

    private static JsonDocument? TryParse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool HeadIsFork(JsonElement pr) =>
        FullName(pr, "head") is { } headRepo && FullName(pr, "base") is { } baseRepo
        && !string.Equals(headRepo, baseRepo, StringComparison.OrdinalIgnoreCase);

    private static string? FullName(JsonElement pr, string side) =>
        pr.TryGetProperty(side, out var s) && s.TryGetProperty("repo", out var repo) && repo.ValueKind == JsonValueKind.Object
        && repo.TryGetProperty("full_name", out var name) ? name.GetString() : null;
}
