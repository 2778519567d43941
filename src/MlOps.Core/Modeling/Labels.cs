using MlOps.Core.Data;
using MlOps.Core.Errors;

namespace MlOps.Core.Modeling;

/// <summary>Ground truth for a table, encoded the way the metrics need it.</summary>
public sealed record Labels(ModelTask Task, bool[]? Binary = null, int[]? ClassIndex = null, double[]? Values = null)
{
    public int Count => Binary?.Length ?? ClassIndex?.Length ?? Values!.Length;

    /// <summary>
    /// Reads the label column. Every label must be present and known: a missing label or an unseen class is an error
    /// naming file and line, because silently dropping rows would change the metric the gate decides on.
    /// </summary>
    public static Labels From(Table table, ModelTask task, string label, string? positive, IReadOnlyList<string>? classes = null)
    {
        var column = table.Find(label)
            ?? throw new InvalidInputException($"{table.Source}: label column '{label}' not found; columns are: {string.Join(", ", table.ColumnNames)}");
        for (var r = 0; r < table.RowCount; r++)
            if (column.IsMissing(r))
                throw new InvalidInputException($"{table.Locate(r)}: label '{label}' is empty; every row used for training or evaluation needs a label");

        switch (task)
        {
            case ModelTask.Regression:
                if (column.Kind != ColumnKind.Numeric)
                    throw new InvalidInputException($"{table.Source}: label '{label}' must be numeric for regression; found '{FirstNonNumber(column)}'");
                return new Labels(task, Values: column.Numbers);
            case ModelTask.BinaryClassification:
            {
                var values = Distinct(column);
                var pos = positive ?? GuessPositive(values)
                    ?? throw new InvalidInputException(
                        $"{table.Source}: cannot tell the positive class of '{label}' (values: {string.Join(", ", values)}); set model.positive in mlops.yml");
                if (values.Count > 2)
                    throw new InvalidInputException(
                        $"{table.Source}: binary label '{label}' has {values.Count} values ({string.Join(", ", values.Take(10))}); expected two");
                if (!values.Contains(pos) && values.Count == 2)
                    throw new InvalidInputException(
                        $"{table.Source}: positive class '{pos}' never occurs in '{label}' (values: {string.Join(", ", values)})");
                return new Labels(task, Binary: Enumerable.Range(0, table.RowCount).Select(r => column.Format(r) == pos).ToArray());
            }
            default:
            {
                var known = classes ?? Distinct(column);
                var index = known.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
                var result = new int[table.RowCount];
                for (var r = 0; r < result.Length; r++)
                    result[r] = index.TryGetValue(column.Format(r)!, out var k)
                        ? k
                        : throw new InvalidInputException(
                            $"{table.Locate(r)}: class '{column.Format(r)}' of '{label}' is unknown to the model (classes: {string.Join(", ", known)})");
                return new Labels(task, ClassIndex: result);
            }
        }
    }

    /// <summary>Sorted ordinally so class indexes are the same on every machine.</summary>
    public static List<string> Distinct(TableColumn column) =>
        Enumerable.Range(0, column.Length).Select(column.Format).OfType<string>().Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();

    public static string? GuessPositive(IReadOnlyList<string> values)
    {
        foreach (var candidate in new[] { "1", "true", "True", "TRUE", "yes", "Yes", "YES" })
            if (values.Contains(candidate)) return candidate;
        return null;
    }

    private static string FirstNonNumber(TableColumn column) =>
        Enumerable.Range(0, column.Length).Select(column.Format).FirstOrDefault(v => v is not null) ?? "";
}
