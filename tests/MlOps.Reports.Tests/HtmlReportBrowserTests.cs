namespace MlOps.Reports.Tests;

/// <summary>
/// Opens report.html in a real browser (headless Debian Chromium) and checks it renders: the charts exist in the DOM
/// after parsing and the screenshot has them drawn in the candidate and baseline colours. Not skipped when Chromium is
/// missing: CI installs it, and a silently skipped browser test would hide a broken report.
/// </summary>
public class HtmlReportBrowserTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("mlops-html-");

    [TearDown]
    public void DeleteDirectory() => _dir.Delete(recursive: true);

    [Test]
    public async Task Report_renders_with_its_charts_in_chromium()
    {
        ReportFiles.Write(SampleReports.Binary(), _dir.FullName);
        var html = Path.Combine(_dir.FullName, "report.html");
        var blankHtml = Path.Combine(_dir.FullName, "blank.html");
        File.WriteAllText(blankHtml, "<!DOCTYPE html><title>blank</title>");

        var png = Path.Combine(_dir.FullName, "report.png");
        var blankPng = Path.Combine(_dir.FullName, "blank.png");
        await Screenshot(html, png);
        await Screenshot(blankHtml, blankPng);
        TestContext.AddTestAttachment(png, "report.html as Chromium renders it");

        Assert.That(new FileInfo(png).Length, Is.GreaterThan(4 * new FileInfo(blankPng).Length), "the screenshot is no bigger than a blank page's");
        var pixels = PngPixels.Read(png);
        Assert.That(pixels.Distinct().Count(), Is.GreaterThan(500), "too few colours: text and charts were not drawn");
        Assert.That(PngPixels.Read(blankPng).Distinct().Count(), Is.LessThan(5), "the blank page should be blank (decoder sanity check)");
        Assert.That(pixels.Count(p => Near(p, 0x1f6feb)), Is.GreaterThan(1000), "candidate blue is missing from the screenshot");
        Assert.That(pixels.Count(p => Near(p, 0xe36209)), Is.GreaterThan(1000), "baseline orange is missing from the screenshot");

        var dom = await HeadlessChromium.RunAsync(html, "--dump-dom");
        Assert.That(dom.ExitCode, Is.EqualTo(0), dom.Stderr);
        foreach (var id in new[] { "roc-chart", "pr-chart", "calibration-chart", "slice-chart" })
            Assert.That(dom.Stdout, Does.Contain($"id=\"{id}\""), $"{id} is not in the rendered DOM");
        Assert.That(dom.Stdout, Does.Not.Contain("<script").IgnoreCase, "the escaped slice value must not become a script element");
    }

    private static async Task Screenshot(string html, string png)
    {
        var run = await HeadlessChromium.RunAsync(html, $"--screenshot={png}");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        Assert.That(File.Exists(png), Is.True, $"chromium wrote no screenshot: {run.Stderr}");
    }

    /// <summary>Within a few levels per channel: Chromium may blend a pixel or two at the edges, not the fill itself.</summary>
    private static bool Near(int pixel, int color) =>
        Enumerable.Range(0, 3).All(i => Math.Abs((pixel >> (8 * i) & 0xff) - (color >> (8 * i) & 0xff)) <= 6);
}
