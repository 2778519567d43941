using MlOps.Core.Data;
using MlOps.Models.Onnx.Export.Proto;
using DataType = MlOps.Models.Onnx.Export.Proto.TensorProto.Types.DataType;

namespace MlOps.Models.Onnx.Export;

/// <summary>
/// Writes the featurization as ONNX: one graph input per feature column ([N,1] float for numbers, string for
/// categories, named like the column, the layout <see cref="OnnxModel"/> feeds), mean imputation (ai.onnx.ml
/// Imputer), one-hot encoding (ai.onnx.ml OneHotEncoder, an unseen or missing category gives all zeros as in ML.NET),
/// concatenation in the training column order and the optional min-max scaling (ai.onnx.ml Scaler).
/// </summary>
internal static class FeaturizationExport
{
    /// <summary>Adds the featurization to <paramref name="graph"/>; returns the name of the [N, F] float feature matrix.</summary>
    public static string Add(OnnxGraphBuilder graph, FittedPipeline fitted)
    {
        var parts = new List<string>();
        foreach (var f in fitted.Features)
        {
            if (f.Kind == ColumnKind.Numeric)
            {
                var input = graph.AddInput(f.Name, DataType.Float);
                var mean = fitted.Imputed[f.Name];
                parts.Add(float.IsNaN(mean)
                    ? input
                    : graph.Declare(graph.AddNode("Imputer", [input], $"{f.Name}_imputed", OnnxGraphBuilder.MlDomain,
                        Attr.Floats("imputed_value_floats", [mean]),
                        Attr.Float("replaced_value_float", float.NaN)), DataType.Float, 1));
            }
            else
            {
                var input = graph.AddInput(f.Name, DataType.String);
                var categories = fitted.Vocabulary[f.Name];
                // OneHotEncoder appends the category axis: [N,1] becomes [N,1,C]; Reshape makes it [N,C] for Concat.
                var encoded = graph.AddNode("OneHotEncoder", [input], $"{f.Name}_onehot", OnnxGraphBuilder.MlDomain,
                    Attr.Strings("cats_strings", categories),
                    Attr.Int("zeros", 1));
                graph.Declare(encoded, DataType.Float, 1, categories.Length);
                var shape = graph.AddInt64s($"{f.Name}_onehot_shape", [-1, categories.Length], 2);
                parts.Add(graph.AddNode("Reshape", [encoded, shape], $"{f.Name}_onehot_2d"));
            }
        }

        var features = parts.Count == 1
            ? parts[0]
            : graph.AddNode("Concat", parts, "features", "", Attr.Int("axis", 1));
        if (fitted.Scaling is { } s)
            features = graph.Declare(graph.AddNode("Scaler", [features], "features_scaled", OnnxGraphBuilder.MlDomain,
                Attr.Floats("offset", s.Offset),
                Attr.Floats("scale", s.Scale)), DataType.Float, fitted.FeatureWidth);
        return features;
    }
}
