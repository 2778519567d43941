using MlOps.CiHosts;
using MlOps.CiHosts.PullRequests;
using MlOps.Steps.Common;

namespace MlOps.Steps.Tests;

/// <summary>A PR that cannot be written to is a warning in the job, never a crash of the gate step.</summary>
public class PullRequestPublisherTests
{
    private StringWriter _out = null!;

    [SetUp]
    public void Fresh() => _out = new StringWriter();

    private StepContext Context => new(new GitHubActionsHost(_ => null, _out, TextWriter.Null), _out);
    private static readonly PullRequestReport Report = new("cancer", false, "quality gate failed: auc regressed", "## report", null);

    private sealed class Refusing(int status) : IPullRequestReporter
    {
        public string Description => "GitHub PR #7 in octo/models";
        public Task<IReadOnlyList<string>> PublishAsync(PullRequestReport report, CancellationToken cancellationToken = default) =>
            throw new PullRequestReportException($"comment: GitHub answered {status}", status);
    }

    [TestCase(401)]
    [TestCase(403)]
    public async Task A_refused_token_is_a_warning_that_names_the_likely_cause(int status)
    {
        await new PullRequestPublisher(Context).PublishAsync(new Refusing(status), Report, CancellationToken.None);
        Assert.That(_out.ToString().Trim(), Is.EqualTo(
            $"::warning::the token cannot comment (fork PR or missing permission pull-requests: write / Contribute to pull requests); " +
            $"GitHub PR #7 in octo/models: comment: GitHub answered {status}. The report is in the run's summary."));
    }

    [Test]
    public async Task A_service_that_stays_down_is_a_warning_too()
    {
        await new PullRequestPublisher(Context).PublishAsync(new Refusing(503), Report, CancellationToken.None);
        Assert.That(_out.ToString().Trim(), Is.EqualTo(
            "::warning::the report was not posted to GitHub PR #7 in octo/models: comment: GitHub answered 503. The report is in the run's summary."));
    }

    private sealed class Broken : IPullRequestReporter
    {
        public string Description => "Azure Repos PR 17 in https://dev.azure.com/contoso/p";
        public Task<IReadOnlyList<string>> PublishAsync(PullRequestReport report, CancellationToken cancellationToken = default) =>
            throw new System.Text.Json.JsonException("'<' is an invalid start of a value.");
    }

    [Test]
    public async Task An_answer_the_client_cannot_read_is_a_warning_not_a_crash()
    {
        await new PullRequestPublisher(Context).PublishAsync(new Broken(), Report, CancellationToken.None);
        Assert.That(_out.ToString().Trim(), Is.EqualTo(
            "::warning::the report was not posted to Azure Repos PR 17 in https://dev.azure.com/contoso/p: JsonException: '<' is an invalid start of a value."));
    }

    [Test]
    public async Task Outside_a_PR_it_says_so_in_one_line()
    {
        await new PullRequestPublisher(Context).PublishAsync(new NoPullRequestReporter("this run is not for a pull request (GITHUB_EVENT_NAME is 'push')"),
            Report, CancellationToken.None);
        Assert.That(_out.ToString().Trim(), Is.EqualTo("no PR report: this run is not for a pull request (GITHUB_EVENT_NAME is 'push')"));
    }
}
