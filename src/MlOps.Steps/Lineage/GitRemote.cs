using System.Diagnostics;
using MlOps.CiHosts;

namespace MlOps.Steps.Lineage;

/// <summary>The repository a model's code came from, for lineage: the CI's repository URL, else git's origin remote.</summary>
public static class GitRemote
{
    /// <summary>Null outside a git checkout, without git, or without an origin remote; credentials are stripped.</summary>
    public static string? Repository(CiRunInfo ci, string directory) =>
        ci.Repository ?? RepositoryUrl.WithoutCredentials(Origin(directory));

    private static string? Origin(string directory)
    {
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "remote", "get-url", "origin" }) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            var output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 && output.Trim().Length > 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
