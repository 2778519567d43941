using MlOps.Core.Errors;

namespace MlOps.Steps.Init;

/// <summary>The CI service whose pipelines <c>mlops init</c> writes.</summary>
public enum RepoHost { GitHub, AzurePipelines }

public static class RepoHostNames
{
    public const string GitHub = "github";
    public const string AzurePipelines = "azure-pipelines";

    public static string ToName(this RepoHost host) => host == RepoHost.GitHub ? GitHub : AzurePipelines;

    /// <summary>The folder under pipelines/ and templates/ of this repository that holds the host's files.</summary>
    public static string Folder(this RepoHost host) => host.ToName();

    public static RepoHost Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        GitHub or "github-actions" => RepoHost.GitHub,
        AzurePipelines or "azure-devops" or "ado" => RepoHost.AzurePipelines,
        _ => throw new InvalidInputException($"--host '{value}' is not a CI host: expected {GitHub} or {AzurePipelines}"),
    };
}
