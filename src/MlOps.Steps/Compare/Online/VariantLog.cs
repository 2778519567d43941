using MlOps.Core.Modeling;

namespace MlOps.Steps.Compare.Online;

/// <summary>One scored row of a logged request: what the variant answered and when.</summary>
/// <param name="Row">Position inside its request (a labels file's optional "row" column).</param>
/// <param name="Score">Binary: probability of the positive class; regression: the value. NaN when the model gave none.</param>
/// <param name="Label">Classification: the label the variant answered.</param>
/// <param name="ClassProbabilities">Multiclass: probability per class name.</param>
public sealed record LoggedPrediction(string RequestId, int Row, DateTimeOffset Time, double Score, string? Label,
    IReadOnlyDictionary<string, double>? ClassProbabilities, string Location)
{
    public (string, int) Key => (RequestId, Row);
}

/// <summary>Everything one variant's request log holds that an online comparison needs.</summary>
/// <param name="Requests">Logged requests, a repeated request id counted once.</param>
/// <param name="RepeatedRequests">Entries whose request id was already logged (a retry): the first answer is the one used.</param>
/// <param name="LatenciesMs">One per request, sorted.</param>
public sealed record VariantLog(string Role, string Path, IReadOnlyList<string> Files, ModelTask Task, IReadOnlyList<string> ModelVersions,
    IReadOnlyList<LoggedPrediction> Predictions, int Requests, int RepeatedRequests, string? FirstRepeat, double[] LatenciesMs);
