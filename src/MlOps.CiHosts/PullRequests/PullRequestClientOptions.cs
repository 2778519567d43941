using MlOps.CiHosts.Http;

namespace MlOps.CiHosts.PullRequests;

/// <summary>
/// The PR reporters' retry budget: short, since a PR comment is not worth holding a pipeline for minutes of rate limit.
/// </summary>
public sealed class PullRequestClientOptions : CiServiceClientOptions;
