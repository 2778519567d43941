using System.Text.Json.Nodes;
using MlOps.CiHosts.PullRequests;

namespace MlOps.CiHosts.Tests.PullRequests;

/// <summary>Reports and assertions the GitHub and Azure Repos reporter tests share.</summary>
public abstract class PullRequestTestBase : HostFixture
{
    protected static string Assets => Path.Combine(TestContext.CurrentContext.TestDirectory, "PullRequests", "Assets");

    /// <summary>Retries fast enough for tests, still three attempts.</summary>
    protected static readonly PullRequestClientOptions Fast = new() { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromSeconds(20) };

    protected const string RunUrl = "https://github.com/octo-org/adult-models/actions/runs/11223344";

    protected static PullRequestReport Report(bool passed, string model = "adult-income", string? markdown = null)
    {
        var verdict = passed ? "quality gate passed" : "quality gate failed: auc regressed";
        return new PullRequestReport(model, passed, verdict,
            markdown ?? $"## mlops gate · {model}: {(passed ? "✅" : "❌")} {verdict}\n\n| gate | metric | rule | value | limit | result |\n|---|---|---|---:|---:|---|\n" +
            $"| baseline | auc | auc may drop by at most 0.005 vs production | {(passed ? "0.9201" : "0.8710")} | 0.9146 | {(passed ? "pass" : "**FAIL**")} |\n",
            RunUrl);
    }

    /// <summary>Equal as JSON (property order aside), with both shown on failure.</summary>
    protected static void AssertJson(JsonNode? actual, JsonNode expected, string what) =>
        Assert.That(JsonNode.DeepEquals(actual, expected), Is.True, $"{what}\nexpected: {expected.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
}
