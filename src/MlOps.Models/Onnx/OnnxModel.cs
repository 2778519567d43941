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
    private readonly Lazy<InferenceSession> _parallel;
    private readonly OnnxInputs _inputs;
    private readonly string[] _outputs;
    private readonly RunOptions _run = new();

    public OnnxModel(string path, ModelCard card)
    {
        Card = card;
        _session = Open(path, SingleThreaded());
        // Only large batches gain from splitting one Run over threads; small ones pay for the hand-off (and the
        // spinning of idle pool threads) in every request, so they run on the calling thread.
        _parallel = new Lazy<InferenceSession>(() => Open(path, NonSpinning()));
        var inputs = _session.InputMetadata;
        var perColumn = card.Features.All(f => inputs.ContainsKey(f.Name));
        if (!perColumn && !(inputs.Count == 1 && card.Features.All(f => f.Kind == ColumnKind.Numeric)))
        {
            _session.Dispose();
            throw new InvalidInputException(
                $"{path}: the ONNX inputs ({string.Join(", ", inputs.Keys)}) match neither one input per feature " +
                $"({string.Join(", ", card.Features.Select(f => f.Name))}) nor a single numeric matrix");
        }
        _inputs = new OnnxInputs(_session, card, perColumn);
        _outputs = [.. _session.OutputNames];
    }

    public ModelCard Card { get; }

    /// <summary>
    /// Rows per ONNX Runtime call. Scoring a large file in one call makes the runtime hold every intermediate tensor
    /// (one-hot blocks, native copies of string columns) for all rows at once — gigabytes for a million rows — while
    /// batches of this size keep memory flat at no cost in speed.
    /// </summary>
    internal static int BatchRows { get; set; } = 131_072;

    /// <summary>
    /// Batches of at least this many rows use ONNX Runtime's intra-op thread pool (one thread per core). Below it the
    /// calling thread scores alone: a server's concurrent requests already keep the cores busy, and a 1-row request
    /// spent more time handing work to the pool than scoring.
    /// </summary>
    internal static int ParallelRows { get; set; } = 8_192;

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
        var session = count >= ParallelRows ? _parallel.Value : _session;
        var inputs = _inputs.Create(table, start, count);
        try
        {
            using var results = session.Run(_run, _inputs.Names, inputs, _outputs);
            return Card.Task switch
            {
                ModelTask.Regression => Predictions.Regression(ReadValues(results)),
                ModelTask.BinaryClassification => Predictions.Binary(OnnxOutputs.PositiveProbabilities(ReadProbabilities(results, count))),
                _ => Predictions.Multiclass(OnnxOutputs.Rows(ReadProbabilities(results, count)), Card.Classes),
            };
        }
        finally
        {
            foreach (var input in inputs) input.Dispose();
        }
    }

    private double[] ReadValues(IReadOnlyList<OrtValue> results)
    {
        for (var i = 0; i < results.Count; i++)
            if (OnnxOutputs.IsFloatTensor(results[i]))
            {
                var values = results[i].GetTensorDataAsSpan<float>();
                var doubles = new double[values.Length];
                for (var r = 0; r < doubles.Length; r++) doubles[r] = values[r];
                return doubles;
            }
        throw new InvalidInputException($"model '{Card.Name}': the ONNX model has no float output for regression");
    }

    private OnnxOutputs.Probabilities ReadProbabilities(IReadOnlyList<OrtValue> results, int n)
    {
        // Exporters name the probability output "probabilities" or "output_probability"; prefer it over labels.
        var ordered = Enumerable.Range(0, results.Count)
            .OrderByDescending(i => _outputs[i].Contains("prob", StringComparison.OrdinalIgnoreCase));
        foreach (var i in ordered)
        {
            var result = results[i];
            if (OnnxOutputs.IsFloatTensor(result) && result.GetTensorDataAsSpan<float>() is var flat && flat.Length % n == 0)
                return new OnnxOutputs.Probabilities(flat.Length / n, flat.ToArray(), null);
            if (result.OnnxType == OnnxValueType.ONNX_TYPE_SEQUENCE)
                return new OnnxOutputs.Probabilities(0, null, OnnxOutputs.ReadMaps(result, Card));
        }
        throw new InvalidInputException($"model '{Card.Name}': no probability output found in ({string.Join(", ", _outputs)})");
    }

    private static InferenceSession Open(string path, SessionOptions options)
    {
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidInputException($"{path}: not a loadable ONNX model: {e.Message}");
        }
        finally
        {
            options.Dispose();
        }
    }

    private static SessionOptions SingleThreaded() => new() { IntraOpNumThreads = 1 };

    /// <summary>
    /// One intra-op thread per core that sleeps, rather than spins, between a Run's parallel sections: evaluate scores
    /// two models side by side, and a spinning idle thread of one session took a core from the other's work. A large
    /// batch's Run lasts far longer than a thread's wake-up.
    /// </summary>
    private static SessionOptions NonSpinning()
    {
        var options = new SessionOptions();
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
        if (_parallel.IsValueCreated) _parallel.Value.Dispose();
    }
}
