using System.Text;
using MlOps.CiHosts.PullRequests;

namespace MlOps.CiHosts.Tests.PullRequests;

public class ReportTextTests
{
    [Test]
    public void Text_that_fits_is_left_as_it_is() =>
        Assert.That(ReportText.Truncate("## ✅ passed\n| a | b |\n", 100, null), Is.EqualTo("## ✅ passed\n| a | b |\n"));

    [Test]
    public void The_limit_counts_UTF8_bytes_and_the_cut_falls_on_a_line_break()
    {
        var text = "## ❌ quality gate failed\n" + string.Concat(Enumerable.Repeat("| 🙂 slice | 0.91 |\n", 200));
        var cut = ReportText.Truncate(text, 1000, null);

        Assert.That(Encoding.UTF8.GetByteCount(cut), Is.LessThanOrEqualTo(1000));
        var head = cut[..cut.IndexOf("\n\n---\n", StringComparison.Ordinal)];
        Assert.That(text, Does.StartWith(head + "\n"), "whole lines only: a half table row would break the table");
        Assert.That(cut, Does.EndWith("_The report was cut here to fit the 1000-character limit of this field; the whole report is in the run's report.md._\n"));
    }
}
