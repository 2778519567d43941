namespace MlOps.Core.Slicing;

/// <summary>The rows of a table that share one value (or one numeric bin) of a column; a 0/1 weight vector.</summary>
public sealed record Slice(string Column, string Value, int Rows, double[] Weights);
