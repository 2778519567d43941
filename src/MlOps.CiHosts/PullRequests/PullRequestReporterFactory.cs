namespace MlOps.CiHosts.PullRequests;

/// <summary>Picks the PR reporter for the host this run is on, from the variables that host sets.</summary>
public static class PullRequestReporterFactory
{
    /// <summary>
    /// GitHub Actions → <see cref="GitHubPullRequestReporter"/>, Azure Pipelines → <see cref="AzureReposPullRequestReporter"/>,
    /// else (and outside a PR) <see cref="NoPullRequestReporter"/>. The token is registered with the host as a secret
    /// first, so no log line or report can show it.
    /// </summary>
    public static IPullRequestReporter Create(ICiHost host, Func<string, string?> env, PullRequestClientOptions? options = null)
    {
        string? Var(string name) => env(name) is { Length: > 0 } v ? v : null;
        switch (host)
        {
            case GitHubActionsHost:
            {
                if (GitHubPullRequest.FromEnvironment(env, out var reason) is not { } pr)
                    return new NoPullRequestReporter(reason, IsProblem: Var("GITHUB_EVENT_NAME") is "pull_request" or "pull_request_target");
                // MLOPS_GITHUB_TOKEN first: a token given to mlops on purpose (e.g. a GitHub App's) wins over the default one.
                var token = Var("MLOPS_GITHUB_TOKEN") ?? Var("GITHUB_TOKEN");
                if (token is null)
                    return new NoPullRequestReporter("no token: pass GITHUB_TOKEN to the step (env: GITHUB_TOKEN: ${{ github.token }})", IsProblem: true);
                host.SetSecret(token);
                var api = Var("GITHUB_API_URL") ?? "https://api.github.com";
                if (!Uri.TryCreate(api, UriKind.Absolute, out var apiUrl))
                    return new NoPullRequestReporter($"GITHUB_API_URL '{api}' is not a URL", IsProblem: true);
                return new GitHubPullRequestReporter(pr, apiUrl, token, options, Var("GITHUB_WORKSPACE"));
            }
            case AzurePipelinesHost:
            {
                if (AzureReposPullRequest.FromEnvironment(env, out var reason) is not { } pr) return new NoPullRequestReporter(reason);
                // System.AccessToken reaches a script only when mapped explicitly; the agent never exports it by itself.
                if (Var("SYSTEM_ACCESSTOKEN") is not { } token)
                    return new NoPullRequestReporter("no token: map it into the step's environment (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))", IsProblem: true);
                host.SetSecret(token);
                return new AzureReposPullRequestReporter(pr, token, options);
            }
            default:
                return new NoPullRequestReporter("not running in CI: the report is in the terminal and report.md");
        }
    }
}
