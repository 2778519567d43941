using MlOps.CiHosts;

namespace MlOps.Steps.Lineage;

/// <summary>The repository a model's code came from, for lineage: the CI's repository URL, else git's origin remote.</summary>
public static class GitRemote
{
    /// <summary>Null outside a git checkout, without git, or without an origin remote; credentials are stripped.</summary>
    public static string? Repository(CiRunInfo ci, string directory) =>
        ci.Repository ?? RepositoryUrl.WithoutCredentials(Origin(directory));

    private static string? Origin(string directory) =>
        Common.GitInfo.Git(directory, "remote", "get-url", "origin") is { Length: > 0 } url ? url : null;
}
