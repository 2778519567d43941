using System.Globalization;
using MlOps.Core.Data;

namespace MlOps.Core.DataChecks;

/// <summary>One column's rules from <c>evaluate.data.invariants</c>.</summary>
public sealed record InvariantRule(string Column, bool NotNull = false, double? Min = null, double? Max = null,
    IReadOnlyList<string>? Allowed = null, bool Unique = false);

public sealed record InvariantViolation(string Column, string Rule, int Rows, string FirstAt);

/// <summary>Checks data against the invariants; each broken rule names how many rows break it and the first one.</summary>
public static class Invariants
{
    public static IReadOnlyList<InvariantViolation> Check(Table table, IEnumerable<InvariantRule> rules)
    {
        var violations = new List<InvariantViolation>();
        foreach (var rule in rules)
        {
            if (!table.Has(rule.Column))
            {
                violations.Add(new(rule.Column, "column exists", table.RowCount, table.Source));
                continue;
            }
            var column = table[rule.Column];
            void Add(string name, Func<int, bool> broken)
            {
                var rows = Enumerable.Range(0, table.RowCount).Where(broken).ToList();
                if (rows.Count > 0) violations.Add(new(rule.Column, name, rows.Count, table.Locate(rows[0])));
            }
            if (rule.NotNull) Add("not-null", column.IsMissing);
            if (rule.Min is { } min) Add($"min {F(min)}", r => column.Kind == ColumnKind.Numeric && column.Numbers[r] < min);
            if (rule.Max is { } max) Add($"max {F(max)}", r => column.Kind == ColumnKind.Numeric && column.Numbers[r] > max);
            if (rule.Allowed is { } allowed)
            {
                var set = allowed.ToHashSet(StringComparer.Ordinal);
                Add($"allowed [{string.Join(", ", allowed)}]", r => !column.IsMissing(r) && !set.Contains(column.Format(r)!));
            }
            if (rule.Unique)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                Add("unique", r => !column.IsMissing(r) && !seen.Add(column.Format(r)!));
            }
        }
        return violations;
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
