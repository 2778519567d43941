using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Models.MlNet;

namespace MlOps.Models.Onnx.Export;

/// <summary>Min-max (or any affine) scaling of the feature vector: <c>(x - Offset) * Scale</c>, per slot.</summary>
internal sealed record AffineScaling(float[] Scale, float[] Offset);

/// <summary>
/// The values an ML.NET pipeline built by <c>MlNetTrainer</c> learned, read through public ML.NET API: the mean
/// put in place of a missing number, each category column's vocabulary (one-hot slot order), the normalizer and
/// the trained model parameters.
/// </summary>
internal sealed record FittedPipeline(
    IReadOnlyList<FeatureInfo> Features,
    IReadOnlyDictionary<string, float> Imputed,
    IReadOnlyDictionary<string, string[]> Vocabulary,
    int FeatureWidth,
    AffineScaling? Scaling,
    object Predictor)
{
    public static FittedPipeline Read(ITransformer model, IReadOnlyList<FeatureInfo> features)
    {
        var steps = Flatten(model).ToList();
        if (steps.Count == 0 || steps[^1] is not ISingleFeaturePredictionTransformer<object> prediction)
            throw Unsupported("a pipeline that does not end in a trained model");

        // A one-row view with every value missing: what the imputer writes into it is the learned replacement.
        var probe = new TableDataView(1);
        foreach (var f in features)
        {
            if (f.Kind == ColumnKind.Numeric) probe.Add(f.Name, NumberDataViewType.Single, _ => float.NaN);
            else probe.Add(f.Name, TextDataViewType.Instance, _ => ReadOnlyMemory<char>.Empty);
        }

        IDataView data = probe;
        var imputed = new Dictionary<string, float>(StringComparer.Ordinal);
        var vocabulary = new Dictionary<string, string[]>(StringComparer.Ordinal);
        int? width = null;
        AffineScaling? scaling = null;
        foreach (var step in steps.Take(steps.Count - 1))
        {
            var output = step.Transform(data);
            switch (step)
            {
                case MissingValueReplacingTransformer:
                    // No public property holds the replacement values; scoring a missing value reveals them
                    // without reflection on ML.NET internals.
                    foreach (var f in features.Where(f => f.Kind == ColumnKind.Numeric))
                        imputed[f.Name] = output.GetColumn<float>(f.Name).Single();
                    break;
                case ValueToKeyMappingTransformer:
                    break; // the first half of a one-hot encoding once saved and loaded again; KeyToVector follows
                case OneHotEncodingTransformer or KeyToVectorMappingTransformer:
                    foreach (var f in features.Where(f => f.Kind == ColumnKind.Categorical))
                        vocabulary[f.Name] = SlotNames(output.Schema[f.Name]);
                    break;
                case ColumnConcatenatingTransformer:
                    width = output.Schema[prediction.FeatureColumnName].Type is VectorDataViewType { Size: > 0 } v
                        ? v.Size
                        : throw Unsupported("a feature vector of unknown length");
                    break;
                case NormalizingTransformer normalizer:
                    scaling = Affine(normalizer, width ?? throw Unsupported("normalization before the feature vector is built"));
                    break;
                default:
                    throw Unsupported($"the pipeline step {step.GetType().Name}");
            }
            data = output;
        }

        foreach (var f in features.Where(f => f.Kind == ColumnKind.Categorical && !vocabulary.ContainsKey(f.Name)))
            throw Unsupported($"category column '{f.Name}' without one-hot encoding");
        var expected = features.Sum(f => f.Kind == ColumnKind.Numeric ? 1 : vocabulary[f.Name].Length);
        if (width != expected)
            throw Unsupported($"a feature vector of {width} slots where the columns give {expected}");
        foreach (var f in features.Where(f => f.Kind == ColumnKind.Numeric && !imputed.ContainsKey(f.Name)))
            imputed[f.Name] = float.NaN; // no imputer in the pipeline: the number goes in as it is
        return new FittedPipeline(features, imputed, vocabulary, width.Value, scaling, prediction.Model);
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer t) =>
        t is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [t];

    /// <summary>The one-hot slots of a category column, in order; slot i is the i-th value of the learned vocabulary.</summary>
    private static string[] SlotNames(DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType { Size: > 0 } vector || !column.HasSlotNames())
            throw Unsupported($"category column '{column.Name}' without a known vocabulary");
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetSlotNames(ref names);
        var values = names.DenseValues().Select(v => v.ToString()).ToArray();
        return values.Length == vector.Size ? values : throw Unsupported($"category column '{column.Name}' whose vocabulary does not match its slots");
    }

    private static AffineScaling Affine(NormalizingTransformer normalizer, int width)
    {
        if (normalizer.GetNormalizerModelParameters(0) is not NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine)
            throw Unsupported("a normalizer other than an affine (min-max) one");
        float[] Expand(ImmutableArray<float> values, float fill) =>
            values.IsDefaultOrEmpty ? Enumerable.Repeat(fill, width).ToArray()
            : values.Length == width ? values.ToArray()
            : values.Length == 1 ? Enumerable.Repeat(values[0], width).ToArray()
            : throw Unsupported($"a normalizer with {values.Length} values for {width} slots");
        // ML.NET leaves Offset empty when every offset is zero (min-max with zero kept in place).
        return new AffineScaling(Expand(affine.Scale, 1), Expand(affine.Offset, 0));
    }

    public static InvalidInputException Unsupported(string what) =>
        new($"train.export: onnx is not supported for {what} yet");
}
