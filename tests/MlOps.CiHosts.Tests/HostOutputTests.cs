using MlOps.CiHosts;

namespace MlOps.CiHosts.Tests;

/// <summary>The exact text each CI system receives, including its escaping rules.</summary>
public class HostOutputTests
{
    private StringWriter _out = null!;
    private StringWriter _err = null!;
    private Dictionary<string, string> _env = null!;
    private string _temp = "";

    [SetUp]
    public void Fresh()
    {
        (_out, _err, _env) = (new StringWriter(), new StringWriter(), new Dictionary<string, string>());
        Directory.CreateDirectory(_temp = Path.Combine(Path.GetTempPath(), "mlops-host-" + Guid.NewGuid().ToString("N")[..8]));
    }

    [TearDown]
    public void Clean()
    {
        Directory.Delete(_temp, true);
        _out.Dispose();
        _err.Dispose();
    }

    private string? Env(string name) => _env.GetValueOrDefault(name);
    private string[] Lines => _out.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Azure_output_escapes_percent_newlines_and_property_delimiters()
    {
        var host = new AzurePipelinesHost(Env, _out, _err);
        host.SetOutput("re;port]", "50% done\r\nnext;]");
        Assert.That(Lines.Single(), Is.EqualTo("##vso[task.setvariable variable=re%3Bport%5D;isOutput=true;]50%AZP25 done%0D%0Anext;]"));
    }

    [Test]
    public void Azure_issue_with_file_line_and_column_and_secret_masked()
    {
        var host = new AzurePipelinesHost(Env, _out, _err);
        host.SetSecret("s3cr3t");
        host.LogIssue(IssueSeverity.Warning, "token s3cr3t leaked\nsecond line", "data/train.csv", 12, 4);
        Assert.That(Lines, Is.EqualTo(new[]
        {
            "##vso[task.setsecret]s3cr3t",
            "##vso[task.logissue type=warning;sourcepath=data/train.csv;linenumber=12;columnnumber=4;]token *** leaked%0Asecond line",
        }));
    }

    [Test]
    public void Azure_secret_output_is_marked_secret_and_groups_progress_fail()
    {
        var host = new AzurePipelinesHost(Env, _out, _err);
        host.SetSecret("key-123");
        host.SetOutput("api_key", "key-123");
        host.BeginGroup("train adult-income");
        host.SetProgress(40, "training");
        host.EndGroup();
        host.Fail("quality gate failed: auc regressed");
        Assert.That(Lines.Skip(1), Is.EqualTo(new[]
        {
            "##vso[task.setvariable variable=api_key;isOutput=true;issecret=true;]key-123",
            "##[group]train adult-income",
            "##vso[task.setprogress value=40;]training",
            "##[endgroup]",
            "##vso[task.logissue type=error;]quality gate failed: auc regressed",
            "##vso[task.complete result=Failed;]quality gate failed: auc regressed",
        }));
    }

    [Test]
    public void Azure_summary_is_a_file_in_the_agent_temp_folder()
    {
        _env["AGENT_TEMPDIRECTORY"] = _temp;
        var host = new AzurePipelinesHost(Env, _out, _err);
        host.SetSecret("hunter2");
        host.UploadSummary("## gate\npassword hunter2");
        var line = Lines.Last();
        Assert.That(Lines[0], Is.EqualTo("##vso[task.setsecret]hunter2"));
        Assert.That(line, Does.StartWith($"##vso[task.uploadsummary]{_temp}/mlops-summary-").And.EndWith(".md"));
        var path = line["##vso[task.uploadsummary]".Length..];
        Assert.That(File.ReadAllText(path), Is.EqualTo("## gate\npassword ***"));
    }

    [Test]
    public void GitHub_multiline_output_uses_a_random_heredoc_delimiter()
    {
        var file = Path.Combine(_temp, "output");
        _env["GITHUB_OUTPUT"] = file;
        var host = new GitHubActionsHost(Env, _out, _err);
        host.SetOutput("report", "line 1\nline 2");
        host.SetOutput("passed", "true");
        var lines = File.ReadAllLines(file);
        Assert.That(lines, Has.Length.EqualTo(7));
        Assert.That(lines[0], Does.Match("^report<<ghadelimiter_[0-9a-f-]{36}$"));
        Assert.That(lines[1..3], Is.EqualTo(new[] { "line 1", "line 2" }));
        Assert.That(lines[3], Is.EqualTo(lines[0]["report<<".Length..]));
        Assert.That(lines[4], Does.StartWith("passed<<ghadelimiter_"));
        Assert.That(lines[4]["passed<<".Length..], Is.Not.EqualTo(lines[3]), "each output gets its own delimiter");
        Assert.That(lines[5], Is.EqualTo("true"));
        Assert.That(_out.ToString(), Is.Empty, "outputs never go to the log");
    }

    [Test]
    public void GitHub_commands_escape_data_and_properties()
    {
        var host = new GitHubActionsHost(Env, _out, _err);
        host.SetSecret("tok");
        host.LogIssue(IssueSeverity.Error, "100% bad\ntok", "a,b:c.yml", 3, 7);
        host.LogIssue(IssueSeverity.Warning, "plain");
        host.BeginGroup("evaluate");
        host.EndGroup();
        Assert.That(Lines, Is.EqualTo(new[]
        {
            "::add-mask::tok",
            "::error file=a%2Cb%3Ac.yml,line=3,col=7::100%25 bad%0A***",
            "::warning::plain",
            "::group::evaluate",
            "::endgroup::",
        }));
    }

    [Test]
    public void GitHub_summary_is_appended_to_the_step_summary_file()
    {
        var file = Path.Combine(_temp, "summary.md");
        File.WriteAllText(file, "earlier\n");
        _env["GITHUB_STEP_SUMMARY"] = file;
        new GitHubActionsHost(Env, _out, _err).UploadSummary("## report");
        Assert.That(File.ReadAllText(file), Is.EqualTo("earlier\n## report\n"));
    }

    [Test]
    public void GitHub_output_outside_actions_is_a_clear_error() =>
        Assert.That(() => new GitHubActionsHost(Env, _out, _err).SetOutput("a", "b"),
            Throws.InvalidOperationException.With.Message.Contains("GITHUB_OUTPUT is not set"));

    [Test]
    public void Local_host_reads_like_a_compiler_and_redacts()
    {
        var host = new LocalHost(Env, _out, _err);
        host.SetSecret("pw");
        host.LogIssue(IssueSeverity.Warning, "blank pw values", "telco.csv", 490);
        host.Fail("gate failed");
        host.SetOutput("url", "http://127.0.0.1:1");
        Assert.That(_err.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(new[] { "warning: telco.csv:490: blank *** values", "error: gate failed" }));
        Assert.That(Lines, Is.EqualTo(new[] { "output url=http://127.0.0.1:1" }));
    }

    [Test]
    public void Inputs_come_from_the_documented_variables()
    {
        _env["INPUT_MODEL_DIR"] = "out/m";
        _env["MLOPS_INPUT_MODEL_DIR"] = "local/m";
        Assert.That(new AzurePipelinesHost(Env, _out, _err).GetInput("model dir"), Is.EqualTo("out/m"));
        Assert.That(new LocalHost(Env, _out, _err).GetInput("model_dir"), Is.EqualTo("local/m"));
        Assert.That(new GitHubActionsHost(Env, _out, _err).GetInput("missing"), Is.Null);
    }

    [TestCase("TF_BUILD", "True", "azure-pipelines")]
    [TestCase("TF_BUILD", "true", "azure-pipelines")]
    [TestCase("GITHUB_ACTIONS", "true", "github-actions")]
    [TestCase("CI", "true", "local")]
    public void Host_is_detected_from_the_environment(string variable, string value, string expected)
    {
        _env[variable] = value;
        Assert.That(CiHostDetector.FromEnvironment(Env, _out, _err).Name, Is.EqualTo(expected));
    }
}
