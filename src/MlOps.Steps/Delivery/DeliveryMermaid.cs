using System.Globalization;
using System.Text;

namespace MlOps.Steps.Delivery;

/// <summary>
/// An xychart-beta of production changes per week (bars) and failed changes per week (line), the two series a
/// reader compares first; weeks start on the window's first day so the first and last bars are whole weeks or less.
/// </summary>
public static class DeliveryMermaid
{
    public static string Render(DeliveryReport report)
    {
        var weeks = Math.Max(1, (int)Math.Ceiling(report.Window.Days / 7));
        var changes = new int[weeks];
        var failed = new int[weeks];
        foreach (var c in report.Changes)
        {
            var week = Math.Clamp((int)((c.At - report.Window.From).TotalDays / 7), 0, weeks - 1);
            changes[week]++;
            if (c.Failed) failed[week]++;
        }
        var labels = Enumerable.Range(0, weeks).Select(w => $"\"{report.Window.From.AddDays(7 * w):MM-dd}\"");
        var s = new StringBuilder();
        s.AppendLine("xychart-beta");
        s.AppendLine($"    title \"Changes to {report.Target} per week (bars) and failed changes (line)\"");
        s.AppendLine($"    x-axis [{string.Join(", ", labels)}]");
        s.AppendLine(CultureInfo.InvariantCulture, $"    y-axis \"changes\" 0 --> {Math.Max(1, changes.Max())}");
        s.AppendLine($"    bar [{string.Join(", ", changes)}]");
        s.AppendLine($"    line [{string.Join(", ", failed)}]");
        return s.ToString();
    }
}
