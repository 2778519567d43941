using MlOps.Core.Errors;

namespace MlOps.Steps.Tests.Monitor;

/// <summary>Broken lines are counted and located, never fatal; a log of another version, or a missing one, is refused clearly.</summary>
[TestFixture]
public class MonitorBadInputTests
{
    [Test]
    public async Task Malformed_lines_and_rows_are_left_out_with_file_and_line_and_the_analysis_goes_on()
    {
        using var ws = new MonitorWorkspace();
        var good = MonitorWorkspace.Day(0, 10).ToList();
        var t = "\"time\":\"2026-03-01T00:00:00Z\",\"requestId\":\"x\",\"modelVersion\":\"m:1\"";
        ws.WriteLog("requests.jsonl", [
            good[0],
            "{not json",                                                                                  // line 2
            $"{{{t},\"inputs\":[{{\"x\":0.5,\"c\":\"a\"}}]}}",                                            // line 3: no outputs
            $"{{{t},\"inputs\":[{{\"x\":\"0.5\",\"c\":\"a\"}}],\"outputs\":[{{\"probability\":0.5}}]}}",  // line 4: x is a string
            $"{{{t},\"inputs\":[{{\"x\":0.5,\"c\":\"a\"}},{{\"x\":0.4}}],\"outputs\":[{{\"probability\":0.5}},{{\"probability\":0.4}}]}}", // line 5: row 1 lacks c
            "[1, 2]",                                                                                     // line 6
            .. good.Skip(1),
        ]);

        var r = (await ws.RunAsync("requests.jsonl")).Report;

        Assert.That(r.Log.Malformed, Is.EqualTo(5));
        Assert.That(r.Log.MalformedExamples.Select(p => Path.GetFileName(p.Location)), Is.EqualTo(new[]
        {
            "requests.jsonl:2", "requests.jsonl:3", "requests.jsonl:4 row 0", "requests.jsonl:5 row 1", "requests.jsonl:6",
        }));
        Assert.That(r.Log.MalformedExamples[1].Problem, Does.Contain("'outputs'"));
        Assert.That(r.Log.MalformedExamples[2].Problem, Does.Contain("feature 'x' must be a number"));
        Assert.That(r.Log.MalformedExamples[3].Problem, Does.Contain("feature 'c' is missing"));
        Assert.That(r.Log.Rows, Is.EqualTo(501), "every good row, and the good row of line 5");
        Assert.That(File.ReadAllText(Path.Combine(ws.PathOf("out"), "monitor-report.md")), Does.Contain("requests.jsonl:5 row 1`: feature 'c' is missing"));
    }

    [Test]
    public async Task Only_the_first_20_problems_are_listed_but_all_are_counted()
    {
        using var ws = new MonitorWorkspace();
        ws.WriteLog("requests.jsonl", MonitorWorkspace.Day(0, 10).Concat(Enumerable.Repeat("garbage", 45)));

        var r = (await ws.RunAsync("requests.jsonl")).Report;

        Assert.That(r.Log.Malformed, Is.EqualTo(45));
        Assert.That(r.Log.MalformedExamples, Has.Count.EqualTo(20));
        Assert.That(r.Log.MalformedExamples[0].Location, Does.EndWith("/requests.jsonl:11"));
        Assert.That(r.Retrain, Is.False);
    }

    [Test]
    public async Task An_entry_of_another_version_is_refused_naming_the_line_and_both_versions()
    {
        using var ws = new MonitorWorkspace();
        var lines = MonitorWorkspace.Day(0, 10).ToList();
        lines.Insert(3, MonitorWorkspace.Line(MonitorWorkspace.Day0, "old", [(0.5, "a", 0.5)], version: "m:7"));
        ws.WriteLog("requests.jsonl", lines);

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => ws.RunAsync("requests.jsonl"));

        Assert.That(e!.Message, Does.StartWith(ws.PathOf("requests.jsonl:4:")).And.Contain("'m:7'").And.Contain("'m:1'").And.Contain("--skip-other-versions"));
        Assert.That(Directory.Exists(ws.PathOf("out")), Is.False, "nothing written");
    }

    [Test]
    public async Task With_skip_other_versions_they_are_counted_per_version()
    {
        using var ws = new MonitorWorkspace();
        var lines = MonitorWorkspace.Day(0, 10).ToList();
        lines.Add(MonitorWorkspace.Line(MonitorWorkspace.Day0, "old1", [(0.5, "a", 0.5)], version: "m:7"));
        lines.Add(MonitorWorkspace.Line(MonitorWorkspace.Day0, "old2", [(0.5, "a", 0.5)], version: "m:7"));

        ws.WriteLog("requests.jsonl", lines);

        var r = (await ws.RunAsync("requests.jsonl", skipOther: true)).Report;

        Assert.That(r.Log.OtherVersions, Is.EqualTo(2));
        Assert.That(r.Log.OtherVersionCounts["m:7"], Is.EqualTo(2));
        Assert.That(r.Log.Rows, Is.EqualTo(500));
    }

    [TestCase("missing.jsonl", "no such file or folder")]
    [TestCase("emptydir", "holds no *.jsonl")]
    [TestCase("empty.jsonl", "the request log is empty")]
    public async Task Missing_or_empty_logs_are_refused_clearly(string log, string message)
    {
        using var ws = new MonitorWorkspace();
        Directory.CreateDirectory(ws.PathOf("emptydir"));
        File.WriteAllText(ws.PathOf("empty.jsonl"), "\n");

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => ws.RunAsync(log));

        Assert.That(e!.Message, Does.Contain(message));
    }

    [Test]
    public async Task A_bad_window_is_refused_before_the_log_is_read()
    {
        using var ws = new MonitorWorkspace();
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => ws.RunAsync("missing.jsonl", window: "3 fortnights"));
        Assert.That(e!.Message, Does.Contain("--window").And.Contain("30m, 6h, 1d or 1w"));
    }
}
