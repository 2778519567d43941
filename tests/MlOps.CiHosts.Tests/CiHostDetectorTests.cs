namespace MlOps.CiHosts.Tests;

/// <summary>The host is picked from the variables each CI system sets on every job.</summary>
public class CiHostDetectorTests : HostFixture
{
    [TestCase("TF_BUILD", "True", "azure-pipelines")]
    [TestCase("TF_BUILD", "true", "azure-pipelines")]
    [TestCase("TF_BUILD", "TRUE", "azure-pipelines")]
    [TestCase("TF_BUILD", "False", "local")]
    [TestCase("GITHUB_ACTIONS", "true", "github-actions")]
    [TestCase("GITHUB_ACTIONS", "false", "local")]
    [TestCase("CI", "true", "local")]
    public void Host_follows_the_environment(string variable, string value, string expected)
    {
        Vars[variable] = value;
        Assert.That(CiHostDetector.FromEnvironment(Env, Out, Err).Name, Is.EqualTo(expected));
    }

    [Test]
    public void Empty_environment_is_local()
    {
        var host = CiHostDetector.FromEnvironment(Env, Out, Err);
        Assert.That(host, Is.InstanceOf<LocalHost>());
        Assert.That(host.Name, Is.EqualTo("local"));
    }

    [Test]
    public void Detected_host_writes_to_the_writers_it_was_given()
    {
        Vars["GITHUB_ACTIONS"] = "true";
        var host = CiHostDetector.FromEnvironment(Env, Out, Err);
        host.LogIssue(IssueSeverity.Warning, "slow");
        Assert.That(OutLines, Is.EqualTo(new[] { "::warning::slow" }));
    }
}
