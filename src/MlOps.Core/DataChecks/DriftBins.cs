using System.Globalization;
using MlOps.Core.Data;

namespace MlOps.Core.DataChecks;

/// <summary>
/// The PSI bins of one profiled feature and their training shares, with the lookup that puts a value in its bin.
/// Numbers: the profile's bins (-inf, e0), [e0, e1), ..., [e_last, inf). Categories: the profile's categories, then
/// "(other)" for values training never saw (or pooled). Missing values are the last bin, so a column that starts
/// arriving empty drifts too. One layout for `mlops evaluate` (a whole column) and the scoring server (row by row,
/// counts kept in a window) so both report the same PSI for the same rows.
/// </summary>
public sealed class DriftBins
{
    private const string MissingKey = "\0missing";
    private readonly double[] _edges;
    private readonly Dictionary<string, int>? _categories;
    private readonly int _other;

    public DriftBins(FeatureProfile profile)
    {
        Profile = profile;
        _edges = profile.BinEdges ?? [];
        if (profile.Kind == ColumnKind.Numeric)
        {
            Expected = (profile.BinShares ?? new double[_edges.Length + 1]).Append(profile.MissingShare).ToArray();
            return;
        }
        var known = profile.CategoryShares ?? [];
        var keys = known.Keys.Append(DataProfile.Other).Distinct().Append(MissingKey).ToList();
        _categories = keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        _other = _categories[DataProfile.Other];
        Expected = keys.Select(k => k == MissingKey ? profile.MissingShare : known.GetValueOrDefault(k)).ToArray();
    }

    public FeatureProfile Profile { get; }

    /// <summary>Training share of each bin, the missing bin last.</summary>
    public double[] Expected { get; }

    public int Count => Expected.Length;

    private int Missing => Expected.Length - 1;

    public int BinOf(double value) => double.IsNaN(value) ? Missing : BinOf(_edges, value);

    /// <summary>
    /// The bin of a present value among sorted, distinct edges: how many edges are at or below it. A plain binary
    /// search rather than Array.BinarySearch's generic comparer: the server does this per row and feature.
    /// </summary>
    public static int BinOf(double[] edges, double value)
    {
        int low = 0, high = edges.Length;
        while (low < high)
        {
            var middle = (low + high) >> 1;
            if (edges[middle] <= value) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    public int BinOf(string? value) =>
        value is null ? Missing : _categories!.TryGetValue(value, out var i) && i != Missing ? i : _other;

    /// <summary>
    /// The bin of row <paramref name="row"/>. A column typed differently from training (the data changed) is read as
    /// the profile's kind: numbers as their text, text as a number where it is one and missing where it is not.
    /// </summary>
    public int BinOf(TableColumn column, int row)
    {
        if (Profile.Kind == ColumnKind.Numeric)
            return column.Kind == ColumnKind.Numeric ? BinOf(column.Numbers[row])
                : BinOf(double.TryParse(column.Strings[row], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN);
        return BinOf(column.Kind == ColumnKind.Categorical ? column.Strings[row] : column.Format(row));
    }

    /// <summary>Rows of a whole column in each bin.</summary>
    public long[] CountAll(TableColumn column)
    {
        var counts = new long[Count];
        for (var row = 0; row < column.Length; row++) counts[BinOf(column, row)]++;
        return counts;
    }
}
