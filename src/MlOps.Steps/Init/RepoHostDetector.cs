using MlOps.Core.Errors;
using MlOps.Steps.Common;

namespace MlOps.Steps.Init;

/// <summary>
/// Guesses the CI host of a repository from what is already in it: a .github folder, an azure-pipelines.yml, or where
/// git's origin remote points. When the signs disagree or there are none, the user must say (--host): writing the
/// wrong host's pipelines would look like success and run nowhere.
/// </summary>
public static class RepoHostDetector
{
    public static RepoHost Detect(string directory)
    {
        var signs = Signs(directory).ToList();
        var hosts = signs.Select(s => s.Host).Distinct().ToList();
        if (hosts.Count == 1) return hosts[0];
        var flag = $"pass --host {RepoHostNames.GitHub} or --host {RepoHostNames.AzurePipelines}";
        throw new InvalidInputException(hosts.Count == 0
            ? $"{directory}: cannot tell the CI host (no .github/ folder, no azure-pipelines.yml, no GitHub or Azure DevOps origin remote); {flag}"
            : $"{directory}: the CI host is ambiguous ({string.Join("; ", signs.Select(s => $"{s.Evidence} → {s.Host.ToName()}"))}); {flag}");
    }

    private static IEnumerable<(RepoHost Host, string Evidence)> Signs(string directory)
    {
        if (Directory.Exists(Path.Combine(directory, ".github")))
            yield return (RepoHost.GitHub, ".github/ exists");
        foreach (var file in new[] { "azure-pipelines.yml", "azure-pipelines.yaml", ".azure-pipelines", ".azuredevops" })
            if (File.Exists(Path.Combine(directory, file)) || Directory.Exists(Path.Combine(directory, file)))
                yield return (RepoHost.AzurePipelines, $"{file} exists");
        if (HostOfRemote(GitInfo.Git(directory, "remote", "get-url", "origin")) is { } remote)
            yield return (remote, "the origin remote");
    }

    /// <summary>github.com (https or scp-style git@github.com:) or dev.azure.com / *.visualstudio.com; null otherwise.</summary>
    public static RepoHost? HostOfRemote(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var lower = url.ToLowerInvariant();
        if (lower.Contains("github.com")) return RepoHost.GitHub;
        if (lower.Contains("dev.azure.com") || lower.Contains("visualstudio.com")) return RepoHost.AzurePipelines;
        return null;
    }
}
