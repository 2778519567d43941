namespace MlOps.CiHosts.PullRequests;

/// <param name="Model">The model's name: names the status/check ("mlops / NAME") and the comment's hidden marker.</param>
/// <param name="Passed">The gate's verdict: success / failure of the status.</param>
/// <param name="Verdict">One line, e.g. "quality gate failed: auc regressed" (the check's title, the status's description).</param>
/// <param name="Markdown">The full gate report (report.md), already redacted.</param>
/// <param name="DetailsUrl">The run's page, linked from the status; null outside CI.</param>
public sealed record PullRequestReport(string Model, bool Passed, string Verdict, string Markdown, string? DetailsUrl)
{
    /// <summary>The failed gates, for hosts that annotate files (GitHub check runs).</summary>
    public IReadOnlyList<PullRequestAnnotation> Annotations { get; init; } = [];

    /// <summary>
    /// The hidden line that identifies this model's comment among everyone else's, so a re-run finds and updates it.
    /// Per model: two models gated in one PR keep a comment each.
    /// </summary>
    public string Marker => $"<!-- mlops-report:{Model} -->";

    /// <summary>The status / check name, e.g. "mlops / adult-income".</summary>
    public string CheckName => $"mlops / {Model}";

    /// <summary>The comment's body: the marker, then the report cut to <paramref name="limit"/> characters if it must be.</summary>
    public string CommentBody(int limit) => ReportText.Truncate(Marker + "\n" + Markdown, limit, DetailsUrl);
}
