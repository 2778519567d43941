using System.Text;

namespace MlOps.CiHosts.PullRequests;

/// <summary>Fitting a report into a field with a size limit (a check run's summary, a comment's body).</summary>
public static class ReportText
{
    /// <summary>
    /// The text itself when it fits; otherwise its head cut at a line break and a note saying the report was cut and
    /// where the whole one is. The limit is counted in UTF-8 bytes, which is at least the number of characters: GitHub's
    /// "65535 characters" behaves as bytes for emoji and non-Latin text, and the report has both.
    /// </summary>
    public static string Truncate(string text, int limit, string? fullReportUrl)
    {
        if (Encoding.UTF8.GetByteCount(text) <= limit) return text;
        var note = "\n\n---\n_The report was cut here to fit the " + limit + "-character limit of this field; the whole report is " +
                   (fullReportUrl is null ? "in the run's report.md._" : $"on the run's summary: {fullReportUrl}_") + "\n";
        var budget = limit - Encoding.UTF8.GetByteCount(note);
        var head = Head(text, budget);
        var lastLine = head.LastIndexOf('\n');
        if (lastLine > 0) head = head[..lastLine]; // a half table row would break the table's rendering
        return head + note;
    }

    /// <summary>The longest prefix whose UTF-8 form fits in <paramref name="bytes"/>, never splitting a surrogate pair.</summary>
    private static string Head(string text, int bytes)
    {
        var used = 0;
        var i = 0;
        while (i < text.Length)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(i, width));
            if (used + size > bytes) break;
            used += size;
            i += width;
        }
        return text[..i];
    }
}
