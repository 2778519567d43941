using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;

namespace MlOps.Steps.Init;

/// <summary>
/// Reads the training CSV (with the same loader and errors as `mlops train`) and infers what a starter mlops.yml
/// needs: the task from the label's values, the positive class, and the columns that should not be features.
/// Every guess is written into mlops.yml with its reason, for the user to check.
/// </summary>
public static class DatasetInspector
{
    /// <summary>More distinct text labels than this is not a classification anyone means (an id, free text).</summary>
    private const int MaxClasses = 100;

    /// <summary>Whole-number labels with at most this many values are taken as classes (ratings, codes), more as a quantity.</summary>
    private const int MaxIntegerClasses = 10;

    private static readonly string[] SensitiveNames = ["sex", "gender", "race", "ethnicity", "age"];

    /// <param name="notes">Receives what the loader noticed but tolerated (whitespace-only numbers read as missing).</param>
    public static StarterModel Inspect(string name, string train, string? test, string label, ModelTask? task, ICollection<string>? notes = null)
    {
        var table = TableLoader.Load(train, notes: notes);
        var column = table.Find(label)
            ?? throw new InvalidInputException($"{train}:1: --label '{label}' is not a column of the header; columns are: {string.Join(", ", table.ColumnNames)}");
        var values = Labels.Distinct(column);
        var (inferred, taskReason) = task is { } given ? (given, null) : InferTask(train, label, column, values);
        var (positive, positiveReason) = inferred == ModelTask.BinaryClassification ? Positive(column, values) : (null, null);
        // The same check `mlops train` makes: a missing label or a third class is reported now, with its line.
        var labels = Labels.From(table, inferred, label, positive);
        if (test is not null) CheckTest(test, train, table, label);

        var excluded = new List<ExcludedColumn>();
        foreach (var c in table.Columns.Where(c => c.Name != label))
            if (NotAFeature(c, table.RowCount) is { } reason) excluded.Add(new ExcludedColumn(c.Name, reason));
        var features = table.Columns.Select(c => c.Name).Where(c => c != label && excluded.All(e => e.Column != c)).ToList();
        if (inferred == ModelTask.Regression)
            foreach (var (a, b) in LabelParts.Find(table, features, labels.Values!))
                foreach (var part in new[] { a, b }.Where(p => excluded.All(e => e.Column != p)))
                    excluded.Add(new ExcludedColumn(part, $"{a} + {b} = {label} on every row: part of the label, known only after it"));
        var remaining = features.Where(f => excluded.All(e => e.Column != f)).Select(f => new FeatureInfo(f, table[f].Kind));
        foreach (var leak in LeakDetector.Find(table, remaining, labels))
            excluded.Add(new ExcludedColumn(leak.Feature,
                $"predicts {label} almost perfectly on its own ({leak.Measure} {leak.Value.ToString("0.000", CultureInfo.InvariantCulture)}): probably known only after the outcome"));

        var slices = inferred == ModelTask.BinaryClassification
            ? table.ColumnNames.Where(c => SensitiveNames.Contains(c.ToLowerInvariant()) && table[c].Kind == ColumnKind.Categorical).ToList()
            : [];
        return new StarterModel(name, inferred, label, positive, train, test, excluded, slices, taskReason, positiveReason);
    }

    private static (ModelTask, string) InferTask(string train, string label, TableColumn column, List<string> values)
    {
        if (values.Count < 2)
            throw new InvalidInputException($"{train}: label '{label}' has {(values.Count == 0 ? "no values" : $"only the value '{values[0]}'")}; a model needs at least two outcomes to learn");
        if (values.Count == 2)
            return (ModelTask.BinaryClassification, $"'{label}' has two values ({values[0]}, {values[1]})");
        if (column.Kind == ColumnKind.Categorical)
            return values.Count <= MaxClasses
                ? (ModelTask.MulticlassClassification, $"'{label}' has {values.Count} text values")
                : throw new InvalidInputException(
                    $"{train}: label '{label}' has {values.Count} different text values (e.g. {string.Join(", ", values.Take(3))}); " +
                    $"expected a class (at most {MaxClasses} values) or a number; pass --task if this is right");
        var whole = column.Numbers.All(v => double.IsNaN(v) || v == Math.Floor(v));
        return whole && values.Count <= MaxIntegerClasses
            ? (ModelTask.MulticlassClassification, $"'{label}' has {values.Count} whole-number values; pass --task regression if it is a quantity")
            : (ModelTask.Regression, $"'{label}' is numeric with {values.Count} different values");
    }

    /// <summary>A conventional positive value (1, true, yes) if there is one, else the rarer class: the event a model is usually built to find.</summary>
    private static (string, string) Positive(TableColumn column, List<string> values)
    {
        if (Labels.GuessPositive(values) is { } usual) return (usual, "the conventional positive value");
        var counts = values.ToDictionary(v => v, _ => 0, StringComparer.Ordinal);
        for (var r = 0; r < column.Length; r++)
            if (column.Format(r) is { } v) counts[v]++;
        var rarer = counts.OrderBy(kv => kv.Value).ThenByDescending(kv => kv.Key, StringComparer.Ordinal).First();
        var share = 100.0 * rarer.Value / Math.Max(1, counts.Values.Sum());
        return (rarer.Key, $"the rarer of the two ({share.ToString("0.0", CultureInfo.InvariantCulture)}% of rows); set the outcome you want to find");
    }

    private static void CheckTest(string test, string train, Table trainTable, string label)
    {
        var header = TableLoader.Load(test).ColumnNames.ToHashSet(StringComparer.Ordinal);
        if (!header.Contains(label))
            throw new InvalidInputException($"{test}:1: the test data has no label column '{label}'; the gate scores models against it");
        var missing = trainTable.ColumnNames.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException($"{test}:1: column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} of {train} are missing; train and test data need the same columns");
    }

    /// <summary>Columns that identify or date a row rather than describe it; null for a feature.</summary>
    private static string? NotAFeature(TableColumn column, int rows)
    {
        if (rows < 20) return null;
        if (column.Kind == ColumnKind.Numeric)
        {
            var n = column.Numbers;
            for (var r = 1; r < n.Length; r++)
                if (n[r] != n[r - 1] + 1) return null;
            return "counts the rows 1, 2, 3, …: a row number, not a feature";
        }
        var present = column.Strings.Where(s => s is not null).ToList();
        if (present.Count > 0 && present.All(LooksLikeDate))
            return "a date: new rows bring dates the model never saw; derive features such as month or weekday instead";
        if (present.Count == rows && present.Distinct(StringComparer.Ordinal).Count() == rows)
            return "every value is different: an identifier, not a feature";
        return null;
    }

    private static bool LooksLikeDate(string? value) =>
        value is { Length: >= 8 } && value.Any(char.IsDigit) && value.Any(c => c is '-' or '/' or ':')
        && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
