namespace MlOps.CiHosts.Tests;

/// <summary>The exact ##vso lines the Azure Pipelines agent parses, with task-lib's escaping.</summary>
public class AzurePipelinesHostTests : HostFixture
{
    private AzurePipelinesHost Host => new(Env, Out, Err);

    [TestCase("plain", "plain")]
    [TestCase("50% done", "50%AZP25 done")]
    [TestCase("a\r\nb\nc", "a%0D%0Ab%0Ac")]
    [TestCase("%0A", "%AZP250A")] // '%' is escaped first, or the agent would read this back as a line break
    [TestCase("x;y]z", "x;y]z")] // ';' and ']' only need escaping inside properties
    public void Output_value_is_escaped_as_message_data(string value, string escaped)
    {
        Host.SetOutput("report", value);
        Assert.That(OutLines.Single(), Is.EqualTo($"##vso[task.setvariable variable=report;isOutput=true;]{escaped}"));
    }

    [Test]
    public void Output_name_escapes_property_delimiters()
    {
        Host.SetOutput("a;b]c%\n", "v");
        Assert.That(OutLines.Single(), Is.EqualTo("##vso[task.setvariable variable=a%3Bb%5Dc%AZP25%0A;isOutput=true;]v"));
    }

    [Test]
    public void Output_holding_a_registered_secret_is_a_secret_variable_with_its_real_value()
    {
        var host = Host;
        host.SetSecret("key-123");
        host.SetOutput("api_key", "key-123");
        host.SetOutput("other", "key-1234");
        Assert.That(OutLines, Is.EqualTo(new[]
        {
            "##vso[task.setsecret]key-123",
            "##vso[task.setvariable variable=api_key;isOutput=true;issecret=true;]key-123",
            "##vso[task.setvariable variable=other;isOutput=true;]key-1234",
        }));
    }

    [Test]
    public void Secret_is_registered_with_the_agent_escaped()
    {
        Host.SetSecret("p%ss\nword");
        Assert.That(OutLines.Single(), Is.EqualTo("##vso[task.setsecret]p%AZP25ss%0Aword"));
    }

    [Test]
    public void Issue_carries_file_line_and_column_and_only_the_properties_given()
    {
        var host = Host;
        host.LogIssue(IssueSeverity.Warning, "blank values\nin 3 rows", "data/a;b].csv", 12, 4);
        host.LogIssue(IssueSeverity.Error, "no rows", "data/empty.csv");
        host.LogIssue(IssueSeverity.Warning, "slow");
        Assert.That(OutLines, Is.EqualTo(new[]
        {
            "##vso[task.logissue type=warning;sourcepath=data/a%3Bb%5D.csv;linenumber=12;columnnumber=4;]blank values%0Ain 3 rows",
            "##vso[task.logissue type=error;sourcepath=data/empty.csv;]no rows",
            "##vso[task.logissue type=warning;]slow",
        }));
    }

    [Test]
    public void Group_progress_and_failure()
    {
        var host = Host;
        host.BeginGroup("train 50% sample\nadult-income");
        host.SetProgress(40, "training 3/4");
        host.EndGroup();
        host.Fail("quality gate failed: auc\nregressed");
        Assert.That(OutLines, Is.EqualTo(new[]
        {
            "##[group]train 50% sample adult-income",
            "##vso[task.setprogress value=40;]training 3/4",
            "##[endgroup]",
            "##vso[task.logissue type=error;]quality gate failed: auc%0Aregressed",
            "##vso[task.complete result=Failed;]quality gate failed: auc%0Aregressed",
        }));
        Assert.That(Err.ToString(), Is.Empty);
    }

    [Test]
    public void Each_summary_is_a_new_file_in_the_agent_temp_folder()
    {
        Vars["AGENT_TEMPDIRECTORY"] = Temp;
        var host = Host;
        host.UploadSummary("## gate\n| auc | 0.91 |");
        host.UploadSummary("## second");

        var paths = OutLines.Select(line =>
        {
            Assert.That(line, Does.StartWith("##vso[task.uploadsummary]"));
            return line["##vso[task.uploadsummary]".Length..];
        }).ToArray();
        Assert.That(paths, Has.Length.EqualTo(2).And.Unique);
        Assert.That(paths, Has.All.Match(@"[/\\]mlops-summary-[0-9a-f]{32}\.md$"));
        Assert.That(paths.Select(Path.GetDirectoryName), Has.All.EqualTo(Temp));
        Assert.That(File.ReadAllText(paths[0]), Is.EqualTo("## gate\n| auc | 0.91 |"));
        Assert.That(File.ReadAllText(paths[1]), Is.EqualTo("## second"));
    }

    [Test]
    public void Summary_goes_to_the_system_temp_folder_outside_an_agent()
    {
        Host.UploadSummary("## report");
        var path = OutLines.Single()["##vso[task.uploadsummary]".Length..];
        try
        {
            Assert.That(Path.GetDirectoryName(path), Is.EqualTo(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar)));
            Assert.That(File.ReadAllText(path), Is.EqualTo("## report"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("model dir", "INPUT_MODEL_DIR")]
    [TestCase("model.dir", "INPUT_MODEL_DIR")]
    [TestCase("model-dir", "INPUT_MODEL-DIR")]
    public void Inputs_use_the_variable_names_the_agent_exports(string input, string variable)
    {
        Vars[variable] = "out/m";
        Assert.That(Host.GetInput(input), Is.EqualTo("out/m"));
    }

    [Test]
    public void Empty_or_missing_input_is_null()
    {
        Vars["INPUT_EMPTY"] = "";
        Vars["MLOPS_INPUT_LOCAL_ONLY"] = "x";
        Assert.That(Host.GetInput("empty"), Is.Null);
        Assert.That(Host.GetInput("local only"), Is.Null);
    }
}
