using System.IO.Compression;
using MlOps.Core.Errors;
using MlOps.Models.MlNet;
using MlOps.Models.Tests.OnnxExport;

namespace MlOps.Models.Tests.MlNet;

/// <summary>The assemblies a model.zip names for its parts, which a container image of the model must carry.</summary>
public class MlNetComponentAssembliesTests
{
    [TestCase("fasttree", "Microsoft.ML.FastTree")]
    [TestCase("lightgbm", "Microsoft.ML.LightGbm")]
    [TestCase("linear", "Microsoft.ML.StandardTrainers")]
    public async Task Each_trainer_s_model_names_its_predictor_s_assembly_and_the_transforms(string trainer, string predictor)
    {
        var pair = await TrainedPair.AdultBinary(trainer);
        var model = Path.Combine(pair.MlNetDir, "model.zip");

        var named = MlNetComponentAssemblies.Of(model);

        Assert.That(named.Keys, Does.Contain(predictor).And.Contain("Microsoft.ML.Data").And.Contain("Microsoft.ML.Transforms"));
        Assert.That(named.Keys, Is.All.StartWith("Microsoft.ML."), "simple names, no version or key token");
        Assert.That(named[predictor], Does.StartWith(model + ":TransformerChain/").And.EndWith("/Model.key"), "where the model names it");
    }

    [Test]
    public void A_file_that_is_not_a_zip_is_a_bad_input_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-notzip-{Guid.NewGuid():N}.zip");
        File.WriteAllText(path, "weights");
        try
        {
            var error = Assert.Throws<InvalidInputException>(() => MlNetComponentAssemblies.Of(path))!;
            Assert.That(error.Message, Does.StartWith(path + ": not an ML.NET model (not a readable zip archive"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase(16, "not an ML.NET model part (no model header)")]
    [TestCase(0x100, "damaged ML.NET model header (assembly name at byte 4096")]
    public void A_part_without_a_sound_header_is_named(int length, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-badpart-{Guid.NewGuid():N}.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var part = zip.CreateEntry("TransformerChain/Model.key").Open())
        {
            var header = new byte[length];
            "ML\0MODEL"u8.CopyTo(header);
            if (length >= 0x100)
            {
                BitConverter.TryWriteBytes(header.AsSpan(0x90), 4096L); // beyond the part's end
                BitConverter.TryWriteBytes(header.AsSpan(0x98), 40u);
            }
            part.Write(header);
        }
        try
        {
            var error = Assert.Throws<InvalidInputException>(() => MlNetComponentAssemblies.Of(path))!;
            Assert.That(error.Message, Does.StartWith($"{path}:TransformerChain/Model.key: {expected}"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
