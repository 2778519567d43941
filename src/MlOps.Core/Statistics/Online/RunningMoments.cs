namespace MlOps.Core.Statistics.Online;

/// <summary>Count, mean and variance of a stream in one pass (Welford), so a test can be looked at after every value.</summary>
public sealed class RunningMoments
{
    private double _m2;

    public int Count { get; private set; }
    public double Mean { get; private set; }

    /// <summary>Sample variance (n − 1); 0 with fewer than two values.</summary>
    public double Variance => Count > 1 ? _m2 / (Count - 1) : 0;

    public void Add(double x)
    {
        Count++;
        var delta = x - Mean;
        Mean += delta / Count;
        _m2 += delta * (x - Mean);
    }
}
