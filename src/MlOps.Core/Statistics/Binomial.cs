namespace MlOps.Core.Statistics;

/// <summary>Exact binomial tail probabilities.</summary>
public static class Binomial
{
    /// <summary>P(X ≥ k) for X ~ Binomial(n, p), summed in log space so thousands of trials do not underflow.</summary>
    public static double UpperTail(int n, int k, double p)
    {
        if (k <= 0 || p >= 1) return 1;
        if (k > n || p <= 0) return 0;
        var logFactorial = new double[n + 1];
        for (var i = 2; i <= n; i++) logFactorial[i] = logFactorial[i - 1] + Math.Log(i);
        double logP = Math.Log(p), logQ = Math.Log(1 - p), total = 0;
        for (var x = k; x <= n; x++) total += Math.Exp(logFactorial[n] - logFactorial[x] - logFactorial[n - x] + x * logP + (n - x) * logQ);
        return Math.Min(1, total);
    }
}
