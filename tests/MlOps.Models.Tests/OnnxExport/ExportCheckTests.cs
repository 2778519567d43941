using Microsoft.ML;
using MlOps.Core.Errors;
using MlOps.Models.Onnx.Export;

namespace MlOps.Models.Tests.OnnxExport;

/// <summary>The training-time guard must stop a run whose ONNX file does not reproduce the ML.NET model.</summary>
[Parallelizable(ParallelScope.None)]
public class ExportCheckTests
{
    [Test]
    public async Task Matching_export_passes_and_another_models_export_is_an_internal_error()
    {
        var fasttree = await TrainedPair.HousingRegression("fasttree");
        var lightgbm = await TrainedPair.HousingRegression("lightgbm");
        var model = new MLContext().Model.Load(Path.Combine(fasttree.MlNetDir, "model.zip"), out _);
        var card = ModelLoader.ReadCard(fasttree.OnnxDir);

        Assert.DoesNotThrow(() => ExportCheck.Verify(model, fasttree.OnnxFile, card, fasttree.Test));
        var e = Assert.Throws<MlOpsException>(() => ExportCheck.Verify(model, lightgbm.OnnxFile, card, fasttree.Test))!;
        Assert.That(e.ExitCode, Is.EqualTo(ExitCodes.InternalError));
        Assert.That(e.Message, Does.Contain("does not reproduce the trained model"));
    }
}
