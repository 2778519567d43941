using MlOps.Reports.Monitor;

namespace MlOps.Steps.Monitor;

/// <summary>
/// One request of the log, typed: the rows that had every feature, and the problems of those that did not.
/// Per row, <c>Numbers[i]</c> holds feature i when it is numeric (NaN = missing), <c>Categories[i]</c> when categorical.
/// </summary>
public sealed record LoggedRequest(string File, int Line, DateTimeOffset Time, string RequestId, string ModelVersion,
    IReadOnlyList<LoggedRow> Rows, IReadOnlyList<LogProblem> RowProblems)
{
    public string Location => $"{File}:{Line}";
}

/// <param name="Index">Position of the row inside its request (the labels CSV's "row").</param>
/// <param name="Score">The prediction as monitored (see PredictionColumn): probability or value; NaN when null.</param>
/// <param name="Label">The predicted label (classification).</param>
/// <param name="ClassProbabilities">Multiclass: in the card's class order.</param>
public sealed record LoggedRow(int Index, double[] Numbers, string?[] Categories, double Score, string? Label, double[]? ClassProbabilities);
