namespace MlOps.Core.DataChecks;

/// <summary>
/// Drift of one feature against its training profile, measured while values stream past (a request log can be far
/// larger than memory): only counts are kept. PSI is exactly <see cref="DriftCalculator.Psi(FeatureProfile, Data.TableColumn)"/>
/// on the same values. KS is taken at the training's 101 quantiles instead of at every live value; because the
/// training CDF rises by 0.01 between neighbouring quantiles, it is within 0.01 of the exact statistic.
/// </summary>
public sealed class DriftAccumulator
{
    private readonly FeatureProfile _profile;
    // The same bins as evaluate's PSI and the server's drift gauges, so all three agree on the same rows.
    private readonly DriftBins _binning;
    private readonly long[] _bins;
    private readonly double[] _grid;
    private readonly long[] _atGrid;
    private readonly long[] _belowGrid;
    private long _missing;

    public DriftAccumulator(FeatureProfile profile)
    {
        _profile = profile;
        _binning = new DriftBins(profile);
        _bins = new long[_binning.Count];
        _grid = profile.Quantiles is { Length: > 1 } q ? q.Distinct().Order().ToArray() : [];
        _atGrid = new long[_grid.Length];
        // _belowGrid[j]: values strictly between grid point j-1 and j; the last slot holds values above the grid.
        _belowGrid = new long[_grid.Length + 1];
    }

    public string Feature => _profile.Name;

    public Data.ColumnKind Kind => _profile.Kind;

    public long Rows { get; private set; }

    /// <summary>A number for a numeric feature; NaN is missing.</summary>
    public void Add(double value)
    {
        Rows++;
        _bins[_binning.BinOf(value)]++;
        if (double.IsNaN(value)) { _missing++; return; }
        if (_grid.Length == 0) return;
        var j = Array.BinarySearch(_grid, value);
        if (j >= 0) _atGrid[j]++;
        else _belowGrid[~j]++;
    }

    /// <summary>A category of a categorical feature; null is missing.</summary>
    public void Add(string? value)
    {
        Rows++;
        _bins[_binning.BinOf(value)]++;
    }

    public void Add(DriftAccumulator other)
    {
        if (!ReferenceEquals(other._profile, _profile)) throw new ArgumentException("only accumulators of the same profile add up");
        Rows += other.Rows;
        _missing += other._missing;
        for (var i = 0; i < _bins.Length; i++) _bins[i] += other._bins[i];
        for (var i = 0; i < _atGrid.Length; i++) _atGrid[i] += other._atGrid[i];
        for (var i = 0; i < _belowGrid.Length; i++) _belowGrid[i] += other._belowGrid[i];
    }

    public double Psi() => DriftCalculator.Psi(_binning.Expected, _bins, Rows);

    /// <summary>Null for categories, for a profile without quantiles, and when no value was present.</summary>
    public double? Ks()
    {
        var present = Rows - _missing;
        if (_grid.Length == 0 || present == 0 || _profile.Quantiles is not { } q) return null;
        double worst = 0, below = 0;
        for (var j = 0; j < _grid.Length; j++)
        {
            below += _belowGrid[j];
            var atOrBelow = below + _atGrid[j];
            worst = Math.Max(worst, Math.Abs(below / present - DriftCalculator.TrainingCdfBelow(q, _grid[j])));
            worst = Math.Max(worst, Math.Abs(atOrBelow / present - DriftCalculator.TrainingCdf(q, _grid[j])));
            below = atOrBelow;
        }
        return worst;
    }
}
