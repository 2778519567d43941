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
        if (Card.Task == ModelTask.BinaryClassification)
            return Predictions.Binary(PositiveProbabilities(table));
        var parts = new List<Predictions>();
        for (var start = 0; start < table.RowCount || (start == 0 && parts.Count == 0); start += BatchRows)
            parts.Add(PredictRows(table, start, Math.Min(BatchRows, table.RowCount - start)));
        return parts.Count == 1 ? parts[0] : Card.Task switch
        {
            ModelTask.Regression => Predictions.Regression(parts.SelectMany(p => p.Values!).ToArray()),
            _ => Predictions.Multiclass(parts.SelectMany(p => p.ClassProbabilities!).ToArray(), Card.Classes),
        };
    }

    /// <summary>
    /// Binary models: every batch writes the positive class straight into one array. Building both classes' array per
    /// row and then picking one cost a million small arrays per model.
    /// </summary>
    private double[] PositiveProbabilities(Table table)
    {
        var positive = new double[table.RowCount];
        for (var start = 0; start < table.RowCount || start == 0; start += BatchRows)
        {
            var count = Math.Min(BatchRows, table.RowCount - start);
            using var results = _session.Run(Inputs(table, start, count));
            var into = positive.AsSpan(start, count);
            var (tensor, width, maps) = ProbabilityOutput(results, count);
            if (tensor is null)
            {
                var r = 0;
                foreach (var map in maps!) into[r++] = ReadMap(map)[^1];
                continue;
            }
            ReadOnlySpan<float> flat = tensor is DenseTensor<float> dense ? dense.Buffer.Span : tensor.ToArray();
            for (var r = 0; r < count; r++) into[r] = flat[r * width + width - 1];
        }
        return positive;
    }

    private List<NamedOnnxValue> Inputs(Table table, int start, int count) =>
        _perColumn ? PerColumnInputs(table, start, count) : [MatrixInput(table, start, count)];

    private Predictions PredictRows(Table table, int start, int count)
    {
        using var results = _session.Run(Inputs(table, start, count));
        return Card.Task switch
        {
            ModelTask.Regression => Predictions.Regression(ReadValues(results)),
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
                type == typeof(string) ? NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<string>(Texts(column, start, n), shape))
                : type == typeof(double) ? NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<double>(numbers.ToArray(), shape))
                : type == typeof(long) ? NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<long>(Convert(numbers, v => (long)Math.Round(v)), shape))
                : NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<float>(Convert(numbers, v => (float)v), shape));
            list.Add(value);
        }
        return list;
    }

    /// <summary>A column's values as the strings a string input takes ("" for missing); categories are copied, not formatted.</summary>
    private static string[] Texts(TableColumn column, int start, int n)
    {
        var texts = new string[n];
        if (column.Kind == ColumnKind.Categorical)
            for (var r = 0; r < n; r++) texts[r] = column.Strings[start + r] ?? "";
        else
            for (var r = 0; r < n; r++) texts[r] = column.Format(start + r) ?? "";
        return texts;
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
        var (tensor, k, maps) = ProbabilityOutput(results, n);
        if (tensor is null) return maps!.Select(ReadMap).ToArray();
        var flat = tensor.ToArray();
        return Enumerable.Range(0, n).Select(r => k == 1
            ? new[] { 1 - (double)flat[r], flat[r] }
            : flat.Skip(r * k).Take(k).Select(v => (double)v).ToArray()).ToArray();
    }

    /// <summary>The output holding class probabilities: a float tensor of <paramref name="n"/> rows and its width, or ZipMap's sequence of maps.</summary>
    private (Tensor<float>? Tensor, int Width, IEnumerable<DisposableNamedOnnxValue>? Maps) ProbabilityOutput(
        IReadOnlyCollection<DisposableNamedOnnxValue> results, int n)
    {
        // Exporters name the probability output "probabilities" or "output_probability"; prefer it over labels.
        foreach (var result in results.OrderByDescending(r => r.Name.Contains("prob", StringComparison.OrdinalIgnoreCase)))
        {
            if (result.Value is Tensor<float> t && t.Length % n == 0)
                return (t, (int)(t.Length / n), null);
            if (result.Value is IEnumerable<DisposableNamedOnnxValue> maps)
                return (null, 0, maps);
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
