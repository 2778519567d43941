using System.Text.Json;
using MlOps.Containers.Output;

namespace MlOps.EndToEnd;

/// <summary>
/// The image of each kind of model mlops trains besides the FastTree one above: an ONNX export (ONNX Runtime, no
/// ML.NET native code) and ML.NET models whose predictors ML.NET loads by name from model.zip (LightGBM, linear).
/// Each is at most 60 MB compressed and, booted with podman by --validate, scores 100 test rows as offline.
/// </summary>
public partial class PackageBootTests
{
    [TestCase("fasttree", "onnx", "app/libonnxruntime.so", "app/lib_lightgbm.so", "model/model.onnx")]
    [TestCase("lightgbm", "mlnet", "app/Microsoft.ML.LightGbm.dll", "app/libonnxruntime.so", "model/model.zip")]
    [TestCase("linear", "mlnet", "app/Microsoft.ML.StandardTrainers.dll", "app/libonnxruntime.so", "model/model.zip")]
    [CancelAfter(300_000)]
    public void The_image_of_each_model_kind_is_at_most_60_MB_and_boots_and_scores_as_offline(string trainer, string export, string kept, string left, string modelFile)
    {
        using var ws = new Workspace();
        ws.Write("mlops.yml", Workspace.AdultConfig.Replace("{TRAIN}", Workspace.Dataset("adult_train.csv")).Replace("{TEST}", Workspace.Dataset("adult_test.csv"))
            .Replace("seed: 42,", $"seed: 42, export: {export},").Replace("trainer: fasttree", $"trainer: {trainer}"));
        var train = ws.Mlops("train", "--output", "out/model");
        Assert.That(train.ExitCode, Is.EqualTo(0), train.ToString());

        var run = MlOpsCli.RunWithin(TimeSpan.FromMinutes(3), ws.Root, null,
            "package", "out/model", "--app", _publish, "--output", "out/image", "--format", "oci", "--validate");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var image = OciLayoutReader.Read(ws.PathOf("out/image/oci"));
        var compressed = image.Layers.Sum(l => l.Size);
        TestContext.Out.WriteLine($"{trainer}/{export}: layers {string.Join(" + ", image.Layers.Select(l => $"{l.Size / 1e6:0.0}"))} = {compressed / 1e6:0.0} MB");
        Assert.That(compressed, Is.LessThanOrEqualTo(60_000_000), $"issue #6: image compressed size ≤ 60 MB (sum of the manifest's layer sizes) for a {trainer} model exported as {export}");
        Assert.That(image.LayerEntries[1], Does.Contain(kept).And.Not.Contain(left).And.Not.Contain("app/Microsoft.VisualBasic.Core.dll").And.Not.Contain("app/Microsoft.AspNetCore.Mvc.Core.dll"),
            "the model format's runtime, not the other's, nor assemblies the server never references");
        Assert.That(image.LayerEntries[2], Does.Contain(modelFile));
        var validation = JsonDocument.Parse(File.ReadAllText(ws.PathOf("out/image/package.json"))).RootElement.GetProperty("validation");
        Assert.That(validation.GetProperty("passed").GetBoolean(), Is.True, validation.ToString());
        Assert.That(validation.GetProperty("rows").GetInt32(), Is.EqualTo(100));
        Assert.That(validation.GetProperty("mismatches").GetInt32(), Is.EqualTo(0));
    }
}
