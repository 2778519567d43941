// The "raw ONNX Runtime" peer of bench/serving's 1,000-row requests: the same model file scored in-process with the
// same batches of rows, with nothing around it (no HTTP, no JSON, no checks). Input tensors are built once, then
// InferenceSession.Run is called for SECONDS by 1 and by 2 threads (the session is thread-safe; mlops serves
// concurrent requests on one session); the better of the two is the peer's rows/s, and the lower of the two process
// CPU times per batch its CPU cost (which, unlike rows/s, other work on a busy machine barely moves).
// Usage: OrtBatch MODEL.onnx MODEL.json DATA.csv BATCH_ROWS SECONDS
// Inputs: one per feature column as mlops exports them (float or string, [N,1] or [N]).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

var (modelPath, cardPath, dataPath) = (args[0], args[1], args[2]);
var (batchRows, seconds) = (int.Parse(args[3], CultureInfo.InvariantCulture), double.Parse(args[4], CultureInfo.InvariantCulture));
var features = JsonDocument.Parse(File.ReadAllText(cardPath)).RootElement.GetProperty("features").EnumerateArray()
    .Select(f => f.GetProperty("name").GetString()!).ToArray();
var lines = File.ReadLines(dataPath).Take(batchRows + 1).ToArray();
var header = lines[0].Split(',');
var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();

using var session = new InferenceSession(modelPath); // default options, as mlops' OnnxModel
var inputs = features.Select(name =>
{
    var meta = session.InputMetadata[name];
    var column = Array.IndexOf(header, name);
    int[] shape = meta.Dimensions.Length == 1 ? [rows.Length] : [rows.Length, 1];
    return meta.ElementType == typeof(string)
        ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(rows.Select(r => r[column].Trim()).ToArray(), shape))
        : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(rows.Select(r =>
            r[column].Trim().Length == 0 ? float.NaN : float.Parse(r[column], CultureInfo.InvariantCulture)).ToArray(), shape));
}).ToList();

(double RowsPerSecond, double CpuMsPerBatch) Measure(int threads)
{
    long batches = 0;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
    {
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            using var results = session.Run(inputs);
            Interlocked.Increment(ref batches);
        }
    });
    var elapsed = clock.Elapsed.TotalSeconds;
    return (batches * (double)rows.Length / elapsed, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / batches);
}

for (var i = 0; i < 20; i++) session.Run(inputs).Dispose(); // warm-up
var one = Measure(1);
var two = Measure(2);
string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
Console.WriteLine($"ort_rows_per_second_1_thread={F(one.RowsPerSecond)} ort_cpu_ms_per_batch_1_thread={F(one.CpuMsPerBatch)}");
Console.WriteLine($"ort_rows_per_second_2_threads={F(two.RowsPerSecond)} ort_cpu_ms_per_batch_2_threads={F(two.CpuMsPerBatch)}");
Console.WriteLine($"ort_rows_per_second={F(Math.Max(one.RowsPerSecond, two.RowsPerSecond))}");
Console.WriteLine($"ort_cpu_ms_per_batch={F(Math.Min(one.CpuMsPerBatch, two.CpuMsPerBatch))}");
