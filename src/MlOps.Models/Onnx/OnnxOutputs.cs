using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;

namespace MlOps.Models.Onnx;

/// <summary>Reads class probabilities out of ONNX Runtime's outputs: a [N,K] (or [N]) float tensor or a sequence of maps.</summary>
internal static class OnnxOutputs
{
    /// <summary>Either a flat row-major tensor of <paramref name="K"/> columns (K = 1: the positive class only) or one array per row.</summary>
    public sealed record Probabilities(int K, float[]? Flat, double[][]? ByRow);

    public static bool IsFloatTensor(OrtValue value) =>
        value.OnnxType == OnnxValueType.ONNX_TYPE_TENSOR && value.GetTensorTypeAndShape().ElementDataType == TensorElementType.Float;

    /// <summary>The last class's probability of each row, without building a per-row array for a binary model.</summary>
    public static double[] PositiveProbabilities(Probabilities p)
    {
        if (p.ByRow is { } rows) return rows.Select(r => r[^1]).ToArray();
        var n = p.Flat!.Length / p.K;
        var result = new double[n];
        for (var r = 0; r < n; r++) result[r] = p.Flat[r * p.K + p.K - 1];
        return result;
    }

    /// <summary>One array per row; a single column is the positive class, so the row is [1 - p, p].</summary>
    public static double[][] Rows(Probabilities p)
    {
        if (p.ByRow is { } rows) return rows;
        var (k, flat) = (p.K, p.Flat!);
        return Enumerable.Range(0, flat.Length / k).Select(r => k == 1
            ? new[] { 1 - (double)flat[r], flat[r] }
            : flat.AsSpan(r * k, k).ToArray().Select(v => (double)v).ToArray()).ToArray();
    }

    /// <summary>sklearn-onnx's ZipMap: per row a map from class index or name to probability.</summary>
    public static double[][] ReadMaps(OrtValue sequence, ModelCard card)
    {
        var allocator = OrtAllocator.DefaultInstance;
        var rows = new double[sequence.GetValueCount()][];
        for (var i = 0; i < rows.Length; i++)
        {
            using var map = sequence.GetValue(i, allocator);
            if (map.OnnxType != OnnxValueType.ONNX_TYPE_MAP)
                throw new InvalidInputException($"model '{card.Name}': unsupported probability output (a sequence of {map.OnnxType})");
            map.ProcessMap((keys, values) => rows[i] = ReadMap(keys, values, card), allocator);
        }
        return rows;
    }

    private static double[] ReadMap(OrtValue keys, OrtValue values, ModelCard card)
    {
        if (!IsFloatTensor(values))
            throw new InvalidInputException($"model '{card.Name}': unsupported probability map values ({values.GetTensorTypeAndShape().ElementDataType})");
        var probabilities = values.GetTensorDataAsSpan<float>().ToArray();
        switch (keys.GetTensorTypeAndShape().ElementDataType)
        {
            case TensorElementType.Int64:
                var indexes = keys.GetTensorDataAsSpan<long>().ToArray();
                return indexes.Zip(probabilities).OrderBy(kv => kv.First).Select(kv => (double)kv.Second).ToArray();
            case TensorElementType.String:
                var byName = keys.GetStringTensorAsArray().Zip(probabilities).ToDictionary(kv => kv.First, kv => kv.Second, StringComparer.Ordinal);
                return card.Classes.Count > 0
                    ? card.Classes.Select(c => byName.TryGetValue(c, out var p) ? p : 0.0).ToArray()
                    : byName.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (double)kv.Value).ToArray();
            case var other:
                throw new InvalidInputException($"model '{card.Name}': unsupported probability map keys ({other})");
        }
    }
}
