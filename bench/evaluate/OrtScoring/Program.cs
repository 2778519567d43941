// The "raw ONNX Runtime" peer of bench/evaluate: score the same rows with the same two ONNX models and write the
// predictions for the Python peer. Prints: ort_seconds, the Run calls alone with the input tensors already in memory
// (the faster of one call per model and calls of 131,072 rows, the batch size mlops uses — so the peer gets the best
// of both), and ort_total_seconds, which adds reading the CSV and building the tensors (what a plain scoring script
// does end to end).
// Usage: OrtScoring DATA.csv LABEL POSITIVE OUT.csv CANDIDATE.onnx CANDIDATE_FEATURES BASELINE.onnx BASELINE_FEATURES
// (features comma-separated, in model.json order). Inputs are fed as the model declares them: one per feature column
// (float or string, named like the column) or a single float matrix of the numeric features.
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

var total = Stopwatch.StartNew();
var (dataPath, label, positive, outPath) = (args[0], args[1], args[2], args[3]);
var lines = File.ReadAllLines(dataPath);
var header = lines[0].Split(',');
var rowsAll = lines.Skip(1).Select(l => l.Split(',')).ToArray();
int labelIndex = Array.IndexOf(header, label), sex = Array.IndexOf(header, "sex"), race = Array.IndexOf(header, "race");

float Number(string s) => s.Trim().Length == 0 ? float.NaN : float.Parse(s, CultureInfo.InvariantCulture);

List<NamedOnnxValue> Inputs(InferenceSession session, string[] features, int start, int count)
{
    var rows = rowsAll.Skip(start).Take(count).ToArray();
    var metadata = session.InputMetadata;
    if (metadata.Count == 1 && features.Length > 1)
    {
        var index = features.Select(f => Array.IndexOf(header, f)).ToArray();
        var x = new float[rows.Length * features.Length];
        for (var r = 0; r < rows.Length; r++)
            for (var j = 0; j < features.Length; j++)
                x[r * features.Length + j] = Number(rows[r][index[j]]);
        return [NamedOnnxValue.CreateFromTensor(metadata.Keys.First(), new DenseTensor<float>(x, [rows.Length, features.Length]))];
    }
    return metadata.Select(input =>
    {
        var column = Array.IndexOf(header, input.Key);
        int[] shape = input.Value.Dimensions.Length == 1 ? [rows.Length] : [rows.Length, 1];
        return input.Value.ElementType == typeof(string)
            ? NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<string>(rows.Select(r => r[column].Trim()).ToArray(), shape))
            : NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<float>(rows.Select(r => Number(r[column])).ToArray(), shape));
    }).ToList();
}

const int BatchRows = 131_072;
var sessions = new[] { new InferenceSession(args[4]), new InferenceSession(args[6]) };
var features = new[] { args[5].Split(','), args[7].Split(',') };
var whole = new[] { Inputs(sessions[0], features[0], 0, rowsAll.Length), Inputs(sessions[1], features[1], 0, rowsAll.Length) };
var prepared = total.Elapsed; // reading, parsing and tensors once, as a plain script would
var batches = Enumerable.Range(0, 2).Select(i => Enumerable.Range(0, (rowsAll.Length + BatchRows - 1) / BatchRows)
    .Select(b => Inputs(sessions[i], features[i], b * BatchRows, Math.Min(BatchRows, rowsAll.Length - b * BatchRows))).ToList()).ToArray();

float[] Run(int i, List<NamedOnnxValue> inputs)
{
    using var results = sessions[i].Run(inputs);
    var probabilities = results.First(r => r.Name.Contains("prob", StringComparison.OrdinalIgnoreCase) || results.Count == 1).AsTensor<float>();
    // [N,2] holds both classes; the positive class is the last column.
    var width = probabilities.Dimensions.Length == 2 ? probabilities.Dimensions[1] : 1;
    var flat = probabilities.ToArray();
    return Enumerable.Range(0, flat.Length / width).Select(r => flat[r * width + width - 1]).ToArray();
}
float[] ScoreWhole(int i) => Run(i, whole[i]);
float[] ScoreBatched(int i) => batches[i].SelectMany(b => Run(i, b)).ToArray();

ScoreWhole(0); ScoreBatched(0); // warm-up: first-run allocations are not what is compared
var clock = Stopwatch.StartNew();
var candidate = ScoreWhole(0);
var baseline = ScoreWhole(1);
var oneCall = clock.Elapsed;
clock.Restart();
ScoreBatched(0);
ScoreBatched(1);
var batched = clock.Elapsed;
var best = oneCall < batched ? oneCall : batched;
Console.WriteLine($"ort_one_call_seconds={oneCall.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}");
Console.WriteLine($"ort_batched_seconds={batched.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}");
Console.WriteLine($"ort_seconds={best.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}");
Console.WriteLine($"ort_total_seconds={(prepared + best).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}");

using var writer = new StreamWriter(outPath);
writer.WriteLine("y,candidate,baseline,sex,race");
var rows = rowsAll;
for (var r = 0; r < rows.Length; r++)
    writer.WriteLine($"{(rows[r][labelIndex] == positive ? 1 : 0)},{candidate[r].ToString("R", CultureInfo.InvariantCulture)},{baseline[r].ToString("R", CultureInfo.InvariantCulture)},{rows[r][sex]},{rows[r][race]}");
