namespace MlOps.CiHosts.Tests;

/// <summary>A registered secret never appears in anything a host writes, except the command that masks it.</summary>
public class RedactionTests : HostFixture
{
    private const string Secret = "hunter2";

    [TestCaseSource(nameof(AllHosts))]
    public void Secret_is_redacted_from_every_line_and_file_written(string hostName)
    {
        Vars["AGENT_TEMPDIRECTORY"] = Temp;
        Vars["GITHUB_STEP_SUMMARY"] = Path.Combine(Temp, "step-summary.md");
        Vars["MLOPS_SUMMARY_FILE"] = Path.Combine(Temp, "local-summary.md");
        var host = Create(hostName);

        host.SetSecret(Secret);
        host.Info($"password {Secret}");
        host.LogIssue(IssueSeverity.Warning, $"token {Secret} leaked", $"{Secret}.csv", 2, 5);
        host.BeginGroup($"group {Secret}");
        host.SetProgress(50, $"progress {Secret}");
        host.UploadSummary($"## summary\npassword {Secret}");
        host.Fail($"failed with {Secret}");

        var logged = OutLines.Concat(ErrLines)
            .Where(l => l != $"##vso[task.setsecret]{Secret}" && l != $"::add-mask::{Secret}")
            .ToArray();
        var files = Directory.GetFiles(Temp).Select(File.ReadAllText).ToArray();
        Assert.That(logged, Does.Contain("password ***"), "Info is written, redacted");
        Assert.That(logged, Has.Length.GreaterThanOrEqualTo(5));
        Assert.That(logged, Has.None.Contain(Secret));
        Assert.That(files, Has.Length.EqualTo(1));
        Assert.That(files[0], Does.Contain("password ***").And.Not.Contain(Secret));
    }

    [TestCaseSource(nameof(AllHosts))]
    public void Longer_secret_is_replaced_whole_before_a_shorter_one_it_contains(string hostName)
    {
        var host = Create(hostName);
        host.SetSecret("abc");
        host.SetSecret("abcdef");
        Assert.That(host.Redact("abcdef abc xabcdefx"), Is.EqualTo("*** *** x***x"));
    }

    [TestCaseSource(nameof(AllHosts))]
    public void Empty_secret_is_ignored(string hostName)
    {
        var host = Create(hostName);
        host.SetSecret("");
        Assert.That(host.Redact("nothing to hide"), Is.EqualTo("nothing to hide"));
        Assert.That(Out.ToString(), Is.Empty, "no mask command for an empty value");
    }

    [Test]
    public void Local_output_echo_is_redacted()
    {
        var host = Create("local");
        host.SetSecret(Secret);
        host.SetOutput("password", Secret);
        Assert.That(OutLines, Is.EqualTo(new[] { "output password=***" }));
    }

    [Test]
    public void GitHub_output_value_is_the_real_value_since_it_never_reaches_the_log()
    {
        var file = Path.Combine(Temp, "output");
        Vars["GITHUB_OUTPUT"] = file;
        var host = Create("github-actions");
        host.SetSecret(Secret);
        host.SetOutput("password", Secret);
        Assert.That(File.ReadAllLines(file)[1], Is.EqualTo(Secret));
        Assert.That(OutLines, Is.EqualTo(new[] { $"::add-mask::{Secret}" }));
    }
}
