// The "raw ONNX Runtime" peer of bench/serving's 1,000-row requests: the same model file scored in-process with the
// same batches of rows, with nothing around it (no HTTP, no JSON, no checks). The batch is read once into managed
// tensors; InferenceSession.Run is then called for SECONDS by 1 and by 2 threads (the session is thread-safe; mlops
// serves concurrent requests on one session), with two session options: ONNX Runtime's defaults and one intra-op
// thread (what mlops' OnnxModel uses below 8,192 rows). Two ways of calling Run:
// - "from columns" (the peer's figure): each Run is given the batch as NamedOnnxValues over managed tensors, ONNX
//   Runtime's documented API, which builds the native input tensors (strings copied in) on every call, as scoring
//   new rows must;
// - "run only": native input tensors built once and passed to every Run, the model's cost alone, printed beside it.
// The best rows/s over threads and options is each figure, and the lowest process CPU time per batch its CPU cost
// (which, unlike rows/s, other work on a busy machine barely moves).
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

string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
var best = new Dictionary<string, (double RowsPerSecond, double CpuMsPerBatch)>();
foreach (var (options, optionsName) in new[] { (new SessionOptions(), "default"), (new SessionOptions { IntraOpNumThreads = 1 }, "intra_op_1") })
{
    using var session = new InferenceSession(modelPath, options);
    options.Dispose();
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
    var names = inputs.Select(i => i.Name).ToArray();
    var native = inputs.Select(i => i.Value switch
    {
        DenseTensor<string> s => OrtValue.CreateFromStringTensor(s),
        DenseTensor<float> f => OrtValue.CreateTensorValueFromMemory(f.Buffer.ToArray(), f.Dimensions.ToArray().Select(d => (long)d).ToArray()),
        var other => throw new InvalidOperationException($"unexpected input tensor {other}"),
    }).ToArray();
    using var run = new RunOptions();

    foreach (var (mode, call) in new (string, Action)[]
             {
                 ("from_columns", () => session.Run(inputs).Dispose()),
                 ("run_only", () => session.Run(run, names, native, session.OutputNames).Dispose()),
             })
    {
        for (var i = 0; i < 20; i++) call(); // warm-up
        foreach (var threads in new[] { 1, 2 })
        {
            var (rps, cpu) = Measure(threads, call);
            Console.WriteLine($"{mode}_{optionsName}_{threads}_threads: rows_per_second={F(rps)} cpu_ms_per_batch={F(cpu)}");
            var previous = best.GetValueOrDefault(mode, (0, double.MaxValue));
            best[mode] = (Math.Max(previous.RowsPerSecond, rps), Math.Min(previous.CpuMsPerBatch, cpu));
        }
    }
    foreach (var value in native) value.Dispose();
}
Console.WriteLine($"ort_rows_per_second={F(best["from_columns"].RowsPerSecond)}");
Console.WriteLine($"ort_cpu_ms_per_batch={F(best["from_columns"].CpuMsPerBatch)}");
Console.WriteLine($"ort_run_only_rows_per_second={F(best["run_only"].RowsPerSecond)}");
Console.WriteLine($"ort_run_only_cpu_ms_per_batch={F(best["run_only"].CpuMsPerBatch)}");

(double RowsPerSecond, double CpuMsPerBatch) Measure(int threads, Action call)
{
    long batches = 0;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
    {
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            call();
            Interlocked.Increment(ref batches);
        }
    });
    var elapsed = clock.Elapsed.TotalSeconds;
    return (batches * (double)rows.Length / elapsed, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / batches);
}
