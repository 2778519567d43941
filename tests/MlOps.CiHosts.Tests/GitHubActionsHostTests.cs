using System.Text.RegularExpressions;

namespace MlOps.CiHosts.Tests;

/// <summary>GitHub Actions workflow commands and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, read back as the runner does.</summary>
public class GitHubActionsHostTests : HostFixture
{
    private GitHubActionsHost Host => new(Env, Out, Err);

    [Test]
    public void Outputs_read_back_from_the_heredoc_file_with_their_exact_values()
    {
        var file = Path.Combine(Temp, "output");
        Vars["GITHUB_OUTPUT"] = file;
        var values = new Dictionary<string, string>
        {
            ["report"] = "## gate\n| auc | 0.91 |\nEOF\nother<<EOF",
            ["passed"] = "true",
            ["empty"] = "",
        };
        var host = Host;
        foreach (var (name, value) in values) host.SetOutput(name, value);

        var (outputs, delimiters) = ParseOutputFile(file);
        Assert.That(outputs, Is.EqualTo(values));
        Assert.That(delimiters, Has.All.Match("^ghadelimiter_[0-9a-f-]{36}$"));
        Assert.That(delimiters, Is.Unique, "a fresh delimiter per output, so no value can guess where its block ends");
        Assert.That(Out.ToString(), Is.Empty, "output values never go to the log");
    }

    [Test]
    public void Output_outside_a_step_is_a_clear_error() =>
        Assert.That(() => Host.SetOutput("a", "b"),
            Throws.InvalidOperationException.With.Message.Contains("GITHUB_OUTPUT is not set"));

    [Test]
    public void Commands_escape_data_and_properties()
    {
        var host = Host;
        host.SetSecret("p%ss");
        host.LogIssue(IssueSeverity.Error, "100% bad\r\nrow", "a,b:c.yml", 3, 7);
        Assert.That(OutLines, Is.EqualTo(new[]
        {
            "::add-mask::p%25ss",
            "::error file=a%2Cb%3Ac.yml,line=3,col=7::100%25 bad%0D%0Arow",
        }));
    }

    [Test]
    public void Issue_has_only_the_properties_given()
    {
        var host = Host;
        host.LogIssue(IssueSeverity.Warning, "slow");
        host.LogIssue(IssueSeverity.Error, "no rows", "data/empty.csv");
        host.LogIssue(IssueSeverity.Warning, "blank", "data/a.csv", 12);
        Assert.That(OutLines, Is.EqualTo(new[]
        {
            "::warning::slow",
            "::error file=data/empty.csv::no rows",
            "::warning file=data/a.csv,line=12::blank",
        }));
    }

    [Test]
    public void Group_progress_and_failure()
    {
        var host = Host;
        host.BeginGroup("evaluate 50%");
        host.SetProgress(75, "scoring");
        host.EndGroup();
        host.Fail("quality gate failed");
        Assert.That(OutLines, Is.EqualTo(new[]
        {
            "::group::evaluate 50%25",
            "[75%] scoring",
            "::endgroup::",
            "::error::quality gate failed",
        }));
    }

    [Test]
    public void Summary_is_appended_to_the_step_summary_file()
    {
        var file = Path.Combine(Temp, "summary.md");
        File.WriteAllText(file, "earlier\n");
        Vars["GITHUB_STEP_SUMMARY"] = file;
        var host = Host;
        host.UploadSummary("## report");
        host.UploadSummary("| auc | 0.91 |");
        Assert.That(File.ReadAllText(file), Is.EqualTo("earlier\n## report\n| auc | 0.91 |\n"));
        Assert.That(Out.ToString(), Is.Empty);
    }

    [Test]
    public void Summary_is_printed_when_there_is_no_step_summary_file()
    {
        Host.UploadSummary("## report");
        Assert.That(OutLines, Is.EqualTo(new[] { "## report" }));
    }

    [TestCase("model-dir", "INPUT_MODEL-DIR")]
    [TestCase("model dir", "INPUT_MODEL_DIR")]
    [TestCase("model.dir", "INPUT_MODEL.DIR")]
    public void Inputs_use_the_variable_names_the_runner_exports(string input, string variable)
    {
        Vars[variable] = "out/m";
        Assert.That(Host.GetInput(input), Is.EqualTo("out/m"));
    }

    [Test]
    public void Empty_input_is_null()
    {
        Vars["INPUT_THRESHOLD"] = "";
        Assert.That(Host.GetInput("threshold"), Is.Null);
    }

    /// <summary>Reads NAME&lt;&lt;DELIMITER blocks the way the runner's file command does.</summary>
    private static (Dictionary<string, string> Outputs, List<string> Delimiters) ParseOutputFile(string file)
    {
        var (outputs, delimiters) = (new Dictionary<string, string>(), new List<string>());
        var lines = File.ReadAllText(file).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var header = Regex.Match(lines[i], "^([^<]+)<<(.+)$");
            Assert.That(header.Success, $"line {i + 1} is not a heredoc header: {lines[i]}");
            var (name, delimiter) = (header.Groups[1].Value, header.Groups[2].Value);
            var end = Array.IndexOf(lines, delimiter, i + 1);
            Assert.That(end, Is.GreaterThan(i), $"no closing delimiter for {name}");
            outputs[name] = string.Join("\n", lines[(i + 1)..end]);
            delimiters.Add(delimiter);
            i = end;
        }
        return (outputs, delimiters);
    }
}
