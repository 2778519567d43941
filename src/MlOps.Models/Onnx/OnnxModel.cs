using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;

namespace MlOps.Models.Onnx;

/// <summary>
/// An ONNX model scored with ONNX Runtime. Two input layouts are understood, the ones exporters produce: one input
/// per feature column (named like the column, shape [N,1] or [N]), or a single float matrix [N, F] holding the numeric
/// features in model.json order. Outputs: a probability tensor [N,K] (or [N] for the positive class), a
/// sequence of maps (sklearn-onnx's ZipMap), or a value tensor for regression.
/// </summary>
public sealed class OnnxModel : IScoringModel
{
    private readonly InferenceSession _session;
    private readonly bool _perColumn;

    public OnnxModel(string path, ModelCard card)
    {
        Card = card;
        try
        {
            _session = new InferenceSession(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidInputException($"{path}: not a loadable ONNX model: {e.Message}");
        }
        var inputs = _session.InputMetadata;
        _perColumn = card.Features.All(f => inputs.ContainsKey(f.Name));
        if (!_perColumn && !(inputs.Count == 1 && card.Features.All(f => f.Kind == ColumnKind.Numeric)))
            throw new InvalidInputException(
                $"{path}: the ONNX inputs ({string.Join(", ", inputs.Keys)}) match neither one input per feature " +
                $"({string.Join(", ", card.Features.Select(f => f.Name))}) nor a single numeric matrix");
    }

    public ModelCard Card { get; }

    /// <summary>
    /// Rows per ONNX Runtime call. Scoring a large file in one call makes the runtime hold every intermediate tensor
    /// (one-hot blocks, native copies of string columns) for all rows at once — gigabytes for a million rows — while
    /// batches of this size keep memory flat at no cost in speed.
    /// </summary>
    internal static int BatchRows { get; set; } = 131_072;

    public Predictions Predict(Table table)
    {
        ModelInput.EnsureFeatures(table, Card);
        var parts = new List<Predictions>();
        for (var start = 0; start < table.RowCount || (start == 0 && parts.Count == 0); start += BatchRows)
            parts.Add(PredictRows(table, start, Math.Min(BatchRows, table.RowCount - start)));
        return parts.Count == 1 ? parts[0] : Card.Task switch
        {
            ModelTask.Regression => Predictions.Regression(parts.SelectMany(p => p.Values!).ToArray()),
            ModelTask.BinaryClassification => Predictions.Binary(parts.SelectMany(p => p.Probabilities!).ToArray()),
            _ => Predictions.Multiclass(parts.SelectMany(p => p.ClassProbabilities!).ToArray(), Card.Classes),
        };
    }

    private Predictions PredictRows(Table table, int start, int count)
    {
        var inputs = _perColumn ? PerColumnInputs(table, start, count) : [MatrixInput(table, start, count)];
        using var results = _session.Run(inputs);
        return Card.Task switch
        {
            ModelTask.Regression => Predictions.Regression(ReadValues(results)),
            ModelTask.BinaryClassification => Predictions.Binary(ReadProbabilities(results, count).Select(p => p[^1]).ToArray()),
            _ => Predictions.Multiclass(ReadProbabilities(results, count), Card.Classes),
        };
    }

    private List<NamedOnnxValue> PerColumnInputs(Table table, int start, int n)
    {
        var list = new List<NamedOnnxValue>();
        foreach (var f in Card.Features)
        {
            var meta = _session.InputMetadata[f.Name];
            int[] shape = meta.Dimensions.Length == 1 ? [n] : [n, 1];
            var column = table[f.Name];
            var type = meta.ElementType;
            var numbers = column.Kind == ColumnKind.Numeric ? column.Numbers.AsSpan(start, n) : default;
            NamedOnnxValue value =
                type == typeof(string) ? NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<string>(Enumerable.Range(start, n).Select(r => column.Format(r) ?? "").ToArray(), shape))
                : type == typeof(double) ? NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<double>(numbers.ToArray(), shape))
                : type == typeof(long) ? NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<long>(Convert(numbers, v => (long)Math.Round(v)), shape))
                : NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<float>(Convert(numbers, v => (float)v), shape));
            list.Add(value);
        }
        return list;
    }

    private static T[] Convert<T>(ReadOnlySpan<double> values, Func<double, T> convert)
    {
        var result = new T[values.Length];
        for (var i = 0; i < result.Length; i++) result[i] = convert(values[i]);
        return result;
    }

    private NamedOnnxValue MatrixInput(Table table, int start, int n)
    {
        var (name, meta) = _session.InputMetadata.First();
        var f = Card.Features.Count;
        var data = new float[n * f];
        for (var j = 0; j < f; j++)
        {
            var numbers = table[Card.Features[j].Name].Numbers;
            for (var r = 0; r < n; r++) data[r * f + j] = (float)numbers[start + r];
        }
        return meta.ElementType == typeof(double)
            ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(data.Select(x => (double)x).ToArray(), [n, f]))
            : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(data, [n, f]));
    }

    private double[] ReadValues(IReadOnlyCollection<DisposableNamedOnnxValue> results)
    {
        var tensor = results.Select(r => r.Value).OfType<Tensor<float>>().FirstOrDefault()
            ?? throw new InvalidInputException($"model '{Card.Name}': the ONNX model has no float output for regression");
        return tensor.ToArray().Select(v => (double)v).ToArray();
    }

    private double[][] ReadProbabilities(IReadOnlyCollection<DisposableNamedOnnxValue> results, int n)
    {
        // Exporters name the probability output "probabilities" or "output_probability"; prefer it over labels.
        var ordered = results.OrderByDescending(r => r.Name.Contains("prob", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var result in ordered)
        {
            if (result.Value is Tensor<float> t && t.Length % n == 0)
            {
                var k = (int)(t.Length / n);
                var flat = t.ToArray();
                return Enumerable.Range(0, n).Select(r => k == 1
                    ? new[] { 1 - (double)flat[r], flat[r] }
                    : flat.Skip(r * k).Take(k).Select(v => (double)v).ToArray()).ToArray();
            }
            if (result.Value is IEnumerable<DisposableNamedOnnxValue> maps)
                return maps.Select(ReadMap).ToArray();
        }
        throw new InvalidInputException($"model '{Card.Name}': no probability output found in ({string.Join(", ", results.Select(r => r.Name))})");
    }

    private double[] ReadMap(DisposableNamedOnnxValue item) => item.Value switch
    {
        IDictionary<long, float> byIndex => byIndex.OrderBy(kv => kv.Key).Select(kv => (double)kv.Value).ToArray(),
        IDictionary<string, float> byName => Card.Classes.Count > 0
            ? Card.Classes.Select(c => byName.TryGetValue(c, out var p) ? p : 0.0).ToArray()
            : byName.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (double)kv.Value).ToArray(),
        _ => throw new InvalidInputException($"model '{Card.Name}': unsupported probability map type {item.Value?.GetType().Name}"),
    };

    public void Dispose() => _session.Dispose();
}
