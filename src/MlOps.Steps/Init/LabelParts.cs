using MlOps.Core.Data;

namespace MlOps.Steps.Init;

/// <summary>
/// Two numeric columns that add up to the label on every row are the label split in parts (bike sharing: casual +
/// registered = cnt). Neither is known before the outcome, and one alone may correlate too weakly for the
/// single-feature leak check (casual: r ≈ 0.7), so the pair is looked for explicitly.
/// </summary>
public static class LabelParts
{
    public static IReadOnlyList<(string A, string B)> Find(Table table, IReadOnlyList<string> candidates, double[] label)
    {
        var numeric = candidates.Select(c => table[c]).Where(c => c.Kind == ColumnKind.Numeric).ToList();
        var pairs = new List<(string, string)>();
        for (var i = 0; i < numeric.Count; i++)
            for (var j = i + 1; j < numeric.Count; j++)
                if (SumsTo(numeric[i].Numbers, numeric[j].Numbers, label))
                    pairs.Add((numeric[i].Name, numeric[j].Name));
        return pairs;
    }

    private static bool SumsTo(double[] a, double[] b, double[] label)
    {
        var rows = 0;
        for (var r = 0; r < label.Length; r++)
        {
            if (double.IsNaN(a[r]) || double.IsNaN(b[r])) return false;
            if (Math.Abs(a[r] + b[r] - label[r]) > 1e-9 * Math.Max(1, Math.Abs(label[r]))) return false;
            rows++;
        }
        // Two all-zero columns and a zero label add up by accident; a handful of rows proves nothing either.
        return rows >= 10 && a.Any(v => v != 0) && b.Any(v => v != 0);
    }
}
