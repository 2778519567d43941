using System.Diagnostics;

namespace MlOps.Steps.Common;

/// <summary>The code version a model was trained from; all null outside a git checkout or without git.</summary>
public sealed record GitInfo(string? Commit, string? Branch, bool? Dirty)
{
    public static GitInfo Read(string directory)
    {
        var commit = Git(directory, "rev-parse", "HEAD");
        if (commit is null) return new GitInfo(null, null, null);
        var status = Git(directory, "status", "--porcelain", "--untracked-files=no");
        return new GitInfo(commit, Git(directory, "rev-parse", "--abbrev-ref", "HEAD"), status is null ? null : status.Length > 0);
    }

    /// <summary>The trimmed output of a git command, or null when it fails or git is missing.</summary>
    internal static string? Git(string directory, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            var output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
