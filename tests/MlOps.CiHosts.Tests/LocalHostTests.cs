namespace MlOps.CiHosts.Tests;

/// <summary>A terminal: readable lines, problems on stderr in compiler form.</summary>
public class LocalHostTests : HostFixture
{
    private LocalHost Host => new(Env, Out, Err);

    [Test]
    public void Issues_read_like_a_compiler_on_stderr()
    {
        var host = Host;
        host.LogIssue(IssueSeverity.Warning, "blank values", "telco.csv", 490, 3);
        host.LogIssue(IssueSeverity.Error, "no label column", "telco.csv", 1);
        host.LogIssue(IssueSeverity.Warning, "empty file", "empty.csv");
        host.LogIssue(IssueSeverity.Warning, "column without line", "a.csv", column: 5);
        host.LogIssue(IssueSeverity.Error, "no model");
        Assert.That(ErrLines, Is.EqualTo(new[]
        {
            "warning: telco.csv:490:3: blank values",
            "error: telco.csv:1: no label column",
            "warning: empty.csv: empty file",
            "warning: a.csv: column without line",
            "error: no model",
        }));
        Assert.That(Out.ToString(), Is.Empty);
    }

    [Test]
    public void Outputs_are_printed_with_continuation_lines_indented()
    {
        var host = Host;
        host.SetOutput("url", "http://127.0.0.1:5000");
        host.SetOutput("report", "## gate\r\nauc 0.91\nf1 0.80");
        Assert.That(OutLines, Is.EqualTo(new[]
        {
            "output url=http://127.0.0.1:5000",
            "output report=## gate",
            "    auc 0.91",
            "    f1 0.80",
        }));
    }

    [Test]
    public void Group_progress_and_failure()
    {
        var host = Host;
        host.BeginGroup("train");
        host.SetProgress(40, "training");
        host.EndGroup();
        host.Fail("quality gate failed");
        Assert.That(OutLines, Is.EqualTo(new[] { "== train ==", "[40%] training" }));
        Assert.That(ErrLines, Is.EqualTo(new[] { "error: quality gate failed" }));
    }

    [Test]
    public void Summary_goes_to_the_configured_file_else_the_terminal()
    {
        Vars["MLOPS_SUMMARY_FILE"] = Path.Combine(Temp, "summary.md");
        Host.UploadSummary("## report\nauc 0.91");
        Assert.That(File.ReadAllText(Vars["MLOPS_SUMMARY_FILE"]), Is.EqualTo("## report\nauc 0.91"));
        Assert.That(Out.ToString(), Is.Empty);

        Vars.Remove("MLOPS_SUMMARY_FILE");
        Host.UploadSummary("## printed");
        Assert.That(OutLines, Is.EqualTo(new[] { "## printed" }));
    }

    [Test]
    public void Secret_is_only_remembered()
    {
        var host = Host;
        host.SetSecret("hunter2");
        Assert.That(Out.ToString() + Err, Is.Empty);
        Assert.That(host.Redact("pw=hunter2"), Is.EqualTo("pw=***"));
    }

    [TestCase("model-dir")]
    [TestCase("model dir")]
    [TestCase("model.dir")]
    public void Inputs_come_from_shell_friendly_variables(string input)
    {
        Vars["MLOPS_INPUT_MODEL_DIR"] = "local/m";
        Vars["INPUT_MODEL-DIR"] = "ci/m";
        Assert.That(Host.GetInput(input), Is.EqualTo("local/m"));
    }
}
