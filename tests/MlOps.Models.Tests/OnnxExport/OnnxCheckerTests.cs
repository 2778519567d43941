using System.Diagnostics;

namespace MlOps.Models.Tests.OnnxExport;

/// <summary>
/// The reference checker (Debian's python3-onnx, onnx.checker with full_check, which also infers every shape)
/// must accept each kind of exported graph: ONNX Runtime alone is more lenient than other readers.
/// </summary>
[Parallelizable(ParallelScope.None)]
public class OnnxCheckerTests
{
    private const string Python = "/usr/bin/python3";

    [Test]
    public async Task Tree_model_with_imputation_and_one_hot_passes_onnx_checker() =>
        AssertChecked((await TrainedPair.AdultBinary("fasttree")).OnnxFile);

    [Test]
    public async Task Linear_regression_with_min_max_scaling_passes_onnx_checker() =>
        AssertChecked((await TrainedPair.HousingRegression("linear")).OnnxFile);

    [Test]
    public async Task Linear_multiclass_with_softmax_passes_onnx_checker() =>
        AssertChecked((await TrainedPair.IrisMulticlass("linear")).OnnxFile);

    [Test]
    public void A_broken_graph_is_rejected_by_the_same_check()
    {
        // Proves the check can fail: a node reading a value nothing produces.
        var path = Path.Combine(Path.GetTempPath(), $"mlops-broken-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(path, BrokenModel());
            var (exit, output) = RunChecker(path);
            Assert.That(exit, Is.Not.Zero, output);
            Assert.That(output, Does.Contain("nothing_makes_this"), "rejected for the planted fault, not for something else");
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static void AssertChecked(string onnxFile)
    {
        var (exit, output) = RunChecker(onnxFile);
        Assert.That(exit, Is.Zero, $"onnx.checker rejected {onnxFile}:\n{output}");
        Assert.That(output, Does.Contain("checked"), output);
    }

    internal static (int Exit, string Output) RunChecker(string onnxFile)
    {
        if (!File.Exists(Python))
            Assert.Fail($"{Python} is missing; install Debian's python3-onnx to check exported models");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('checked')");
        start.ArgumentList.Add(onnxFile);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            Assert.Fail("onnx.checker did not finish in 60 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static byte[] BrokenModel()
    {
        var graph = new Onnx.Export.OnnxGraphBuilder();
        var x = graph.AddInput("x", Onnx.Export.Proto.TensorProto.Types.DataType.Float);
        var y = graph.AddNode("Add", [x, "nothing_makes_this"], "y");
        graph.AddOutput(y, Onnx.Export.Proto.TensorProto.Types.DataType.Float, 1);
        return graph.ToBytes("broken on purpose", new Dictionary<string, string>());
    }
}
