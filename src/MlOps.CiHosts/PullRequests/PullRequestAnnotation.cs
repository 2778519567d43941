namespace MlOps.CiHosts.PullRequests;

/// <summary>A failed gate pinned to the file that defines it, shown by GitHub on the check run and in the PR's diff.</summary>
/// <param name="File">Absolute path; hosts that annotate files turn it into a path relative to the repository.</param>
/// <param name="Line">1-based line in <paramref name="File"/>.</param>
/// <param name="Title">Short, e.g. "baseline gate: auc".</param>
/// <param name="Message">Why it failed, as the report says it.</param>
public sealed record PullRequestAnnotation(string File, int Line, string Title, string Message);
