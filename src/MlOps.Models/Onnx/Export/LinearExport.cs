using MlOps.Models.Onnx.Export.Proto;

namespace MlOps.Models.Onnx.Export;

/// <summary>
/// Writes linear scores <c>bias + w·x</c>: one target for a binary or regression model, one per class for a
/// multiclass one. The products are summed in double (Cast, MatMul, Add, Cast back): ML.NET sums in float, and the
/// large regression weights (house prices) cancel a lot, so a float sum on the ONNX side would add its own rounding
/// to ML.NET's (California housing: 4.2e-5 relative worst case in float, 3.1e-5 in double).
/// </summary>
internal static class LinearExport
{
    /// <param name="weights">One row of weights per target, each as long as the feature vector.</param>
    public static string AddScores(OnnxGraphBuilder graph, string features, IReadOnlyList<float[]> weights, IReadOnlyList<float> biases)
    {
        var width = weights[0].Length;
        var targets = weights.Count;
        // MatMul wants [features, targets]: column t holds target t's weights.
        var matrix = new double[width * targets];
        for (var t = 0; t < targets; t++)
            for (var j = 0; j < width; j++)
                matrix[j * targets + t] = weights[t][j];
        var w = graph.AddDoubles("weights", matrix, width, targets);
        var b = graph.AddDoubles("biases", biases.Select(x => (double)x).ToArray(), targets);
        var x = graph.AddNode("Cast", [features], "features_double", "", Attr.Int("to", (long)TensorProto.Types.DataType.Double));
        var score = graph.AddNode("Add", [graph.AddNode("MatMul", [x, w], "weighted_sum"), b], "score_double");
        return graph.AddNode("Cast", [score], "score", "", Attr.Int("to", (long)TensorProto.Types.DataType.Float));
    }
}
