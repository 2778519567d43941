namespace MlOps.CiHosts.Tests;

/// <summary>Who ran the pipeline and where its log is, as the audit trail and lineage record it, for each host.</summary>
public class CiRunInfoTests : HostFixture
{
    [Test]
    public void Azure_pipelines_names_the_requester_and_links_the_build_results_page()
    {
        Vars["BUILD_REQUESTEDFOR"] = "Ada Lovelace";
        Vars["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/contoso/";
        Vars["SYSTEM_TEAMPROJECT"] = "ML Platform";
        Vars["BUILD_BUILDID"] = "1234";
        Vars["BUILD_REPOSITORY_URI"] = "https://contoso:secret-pat@dev.azure.com/contoso/ML%20Platform/_git/models";
        Vars["BUILD_SOURCEVERSION"] = "abc123";
        Vars["BUILD_SOURCEBRANCH"] = "refs/heads/main";

        var run = Create("azure-pipelines").Run;
        Assert.That(run, Is.EqualTo(new CiRunInfo("azure-pipelines", "Ada Lovelace",
            "https://dev.azure.com/contoso/ML%20Platform/_build/results?buildId=1234", "1234",
            "https://dev.azure.com/contoso/ML%20Platform/_git/models", "abc123", "main")));
    }

    [Test]
    public void Azure_pipelines_pr_build_records_the_source_branch_not_the_merge_ref()
    {
        Vars["BUILD_SOURCEBRANCH"] = "refs/pull/7/merge";
        Vars["SYSTEM_PULLREQUEST_SOURCEBRANCH"] = "refs/heads/feature/x";
        Assert.That(Create("azure-pipelines").Run.Branch, Is.EqualTo("feature/x"));
    }

    [Test]
    public void GitHub_names_the_actor_and_links_the_run_and_its_attempt()
    {
        Vars["GITHUB_ACTOR"] = "octocat";
        Vars["GITHUB_SERVER_URL"] = "https://github.example.com";
        Vars["GITHUB_REPOSITORY"] = "acme/models";
        Vars["GITHUB_RUN_ID"] = "99";
        Vars["GITHUB_SHA"] = "def456";
        Vars["GITHUB_REF_NAME"] = "main";

        var run = Create("github-actions").Run;
        Assert.That(run, Is.EqualTo(new CiRunInfo("github-actions", "octocat", "https://github.example.com/acme/models/actions/runs/99", "99",
            "https://github.example.com/acme/models", "def456", "main")));

        Vars["GITHUB_RUN_ATTEMPT"] = "2";
        Vars["GITHUB_HEAD_REF"] = "feature/y";
        run = Create("github-actions").Run;
        Assert.That(run.RunUrl, Is.EqualTo("https://github.example.com/acme/models/actions/runs/99/attempts/2"));
        Assert.That(run.Branch, Is.EqualTo("feature/y"));
    }

    [TestCase("azure-pipelines")]
    [TestCase("github-actions")]
    public void Missing_variables_stay_unknown_rather_than_half_built(string host)
    {
        Vars["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/contoso/";
        Vars["GITHUB_REPOSITORY"] = "acme/models";
        var run = Create(host).Run;
        Assert.That(run.RequestedBy, Is.Null);
        Assert.That(run.RunUrl, Is.Null, "no run id: no link that would point at the wrong run");
    }

    [Test]
    public void Locally_the_user_is_the_os_account_and_there_is_no_run_url()
    {
        Vars["USER"] = "alice";
        Assert.That(Create("local").Run, Is.EqualTo(new CiRunInfo("local", "alice")));
    }

    [TestCase("https://user:token@github.com/acme/models.git", "https://github.com/acme/models.git")]
    [TestCase("https://github.com/acme/models", "https://github.com/acme/models")]
    [TestCase("git@github.com:acme/models.git", "git@github.com:acme/models.git")]
    public void Repository_urls_lose_their_credentials(string url, string expected) =>
        Assert.That(RepositoryUrl.WithoutCredentials(url), Is.EqualTo(expected));
}
