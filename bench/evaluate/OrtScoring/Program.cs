// The "raw ONNX Runtime" peer of bench/evaluate: score the same rows with the same two ONNX models, one batch each,
// with the tensors already in memory (reading the CSV is not timed), and write the predictions for the Python peer.
// Usage: OrtScoring DATA.csv LABEL POSITIVE OUT.csv CANDIDATE.onnx CANDIDATE_FEATURES BASELINE.onnx BASELINE_FEATURES
// (features comma-separated, in the model's input order).
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

var (dataPath, label, positive, outPath) = (args[0], args[1], args[2], args[3]);
var lines = File.ReadAllLines(dataPath);
var header = lines[0].Split(',');
var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
int labelIndex = Array.IndexOf(header, label), sex = Array.IndexOf(header, "sex"), race = Array.IndexOf(header, "race");

DenseTensor<float> Matrix(string[] features)
{
    var index = features.Select(f => Array.IndexOf(header, f)).ToArray();
    var x = new float[rows.Length * features.Length];
    for (var r = 0; r < rows.Length; r++)
        for (var j = 0; j < features.Length; j++)
            x[r * features.Length + j] = float.Parse(rows[r][index[j]], CultureInfo.InvariantCulture);
    return new DenseTensor<float>(x, [rows.Length, features.Length]);
}

var models = new[] { (Path: args[4], Input: Matrix(args[5].Split(','))), (Path: args[6], Input: Matrix(args[7].Split(','))) };
var sessions = models.Select(m => new InferenceSession(m.Path)).ToArray();
float[] Score(int i)
{
    using var results = sessions[i].Run([NamedOnnxValue.CreateFromTensor(sessions[i].InputMetadata.Keys.First(), models[i].Input)]);
    return results.First().AsTensor<float>().ToArray();
}

Score(0); // warm-up: first-run allocations are not what is compared
var clock = Stopwatch.StartNew();
var candidate = Score(0);
var baseline = Score(1);
Console.WriteLine($"ort_seconds={clock.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}");

using var writer = new StreamWriter(outPath);
writer.WriteLine("y,candidate,baseline,sex,race");
for (var r = 0; r < rows.Length; r++)
    writer.WriteLine($"{(rows[r][labelIndex] == positive ? 1 : 0)},{candidate[r].ToString("R", CultureInfo.InvariantCulture)},{baseline[r].ToString("R", CultureInfo.InvariantCulture)},{rows[r][sex]},{rows[r][race]}");
