using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Core.Data;

namespace MlOps.Core.DataChecks;

/// <summary>
/// One feature of the training data, summarised so later data can be compared with it without the data itself.
/// Numbers: range, mean, the deciles (PSI bins) with their shares, and 101 quantiles (for KS). Categories: their
/// shares, the 50 most common kept and the rest pooled.
/// </summary>
public sealed record FeatureProfile(
    string Name,
    ColumnKind Kind,
    double MissingShare,
    double? Min = null,
    double? Max = null,
    double? Mean = null,
    double[]? BinEdges = null,
    double[]? BinShares = null,
    double[]? Quantiles = null,
    Dictionary<string, double>? CategoryShares = null);

/// <summary>profile.json, written beside the model at training time.</summary>
public sealed record DataProfile(int Rows, IReadOnlyList<FeatureProfile> Features)
{
    /// <summary>
    /// The model's own outputs on the training data, profiled like a feature and named "prediction": the positive
    /// class's score (binary), the predicted value (regression) or the predicted label (multiclass, categorical).
    /// Monitoring compares live predictions with it. Null for models trained before it was recorded.
    /// </summary>
    public FeatureProfile? Prediction { get; init; }

    public const string FileName = "profile.json";
    public const string Other = "(other)";
    private const int MaxCategories = 50;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public FeatureProfile? Find(string name) => Features.FirstOrDefault(f => f.Name == name);

    public void Save(string directory) => File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));

    public static DataProfile? TryRead(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<DataProfile>(File.ReadAllText(path), Json) : null;
    }

    public static DataProfile Build(Table table, IEnumerable<string> columns) =>
        new(table.RowCount, columns.Select(c => Profile(table[c])).ToList());

    public static FeatureProfile Profile(TableColumn column)
    {
        var n = Math.Max(1, column.Length);
        if (column.Kind == ColumnKind.Categorical)
        {
            var counts = column.Strings.Where(s => s is not null).GroupBy(s => s!).ToDictionary(g => g.Key, g => (double)g.Count());
            var kept = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxCategories)
                .ToDictionary(kv => kv.Key, kv => kv.Value / n);
            var pooled = counts.Where(kv => !kept.ContainsKey(kv.Key)).Sum(kv => kv.Value);
            if (pooled > 0) kept[Other] = pooled / n;
            return new FeatureProfile(column.Name, ColumnKind.Categorical, column.Strings.Count(s => s is null) / (double)n, CategoryShares: kept);
        }
        var present = column.Numbers.Where(v => !double.IsNaN(v)).Order().ToArray();
        var missing = (column.Length - present.Length) / (double)n;
        if (present.Length == 0) return new FeatureProfile(column.Name, ColumnKind.Numeric, missing);
        var edges = Enumerable.Range(1, 9).Select(k => Statistics.Quantile.Linear(present, k / 10.0)).Distinct().ToArray();
        return new FeatureProfile(column.Name, ColumnKind.Numeric, missing, present[0], present[^1], present.Average(),
            edges, BinShares(present, edges, column.Length), Enumerable.Range(0, 101).Select(k => Statistics.Quantile.Linear(present, k / 100.0)).ToArray());
    }

    /// <summary>Share of all rows (missing included in the denominator) in each bin: (-inf, e0), [e0, e1), ..., [e_last, inf).</summary>
    public static double[] BinShares(IEnumerable<double> present, double[] edges, int rows)
    {
        var shares = new double[edges.Length + 1];
        foreach (var v in present) shares[DriftBins.BinOf(edges, v)]++;
        return shares.Select(c => c / Math.Max(1, rows)).ToArray();
    }
}
