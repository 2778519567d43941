using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Models;

namespace MlOps.Models.Tests;

public class ModelLoaderTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDir() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "mlops-models-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static readonly ModelCard Card = new("m", "onnx", "model.onnx", ModelTask.BinaryClassification, "y", "1", ["0", "1"],
        [new FeatureInfo("age", ColumnKind.Numeric), new FeatureInfo("city", ColumnKind.Categorical)]);

    [Test]
    public void Missing_path_card_or_model_file_are_clear_errors()
    {
        Assert.That(Assert.Throws<InvalidInputException>(() => ModelLoader.Load(Path.Combine(_dir, "nope")))!.Message, Does.Contain("model not found"));
        Assert.That(Assert.Throws<InvalidInputException>(() => ModelLoader.Load(_dir))!.Message, Does.Contain("no model.json beside the model"));
        Card.Save(_dir);
        Assert.That(Assert.Throws<InvalidInputException>(() => ModelLoader.Load(_dir))!.Message, Does.Contain("model.onnx: model file named in model.json is missing"));
    }

    [Test]
    public void A_file_that_is_not_onnx_is_invalid_input_not_a_crash()
    {
        Card.Save(_dir);
        File.WriteAllText(Path.Combine(_dir, "model.onnx"), "not a model");
        Assert.That(Assert.Throws<InvalidInputException>(() => ModelLoader.Load(_dir))!.Message, Does.Contain("not a loadable ONNX model"));
    }

    [Test]
    public void A_damaged_mlnet_model_is_invalid_input_naming_the_file_not_a_crash()
    {
        (Card with { Format = "mlnet", File = "model.zip" }).Save(_dir);
        File.WriteAllBytes(Path.Combine(_dir, "model.zip"), [0x50, 0x4B, 0x03, 0x04, 1, 2, 3]); // a zip cut short
        var error = Assert.Throws<InvalidInputException>(() => ModelLoader.Load(_dir))!;
        Assert.That(error.Message, Does.StartWith(Path.Combine(_dir, "model.zip") + ": not a loadable ML.NET model").And.Contain("train or download the model again"));
    }

    [Test]
    public void Card_round_trips_as_json_with_readable_enums()
    {
        Card.Save(_dir);
        var text = File.ReadAllText(Path.Combine(_dir, ModelCard.FileName));
        Assert.That(text, Does.Contain("\"task\": \"binary-classification\"").And.Contain("\"kind\": \"categorical\""));
        Assert.That(ModelCard.Read(Path.Combine(_dir, ModelCard.FileName)).Features, Is.EqualTo(Card.Features));
    }

    [Test]
    public void Data_without_a_feature_or_with_another_kind_is_named()
    {
        var table = new Table([TableColumn.Numeric("age", [1, 2])], source: "test.csv");
        Assert.That(Assert.Throws<InvalidInputException>(() => ModelInput.EnsureFeatures(table, Card))!.Message,
            Is.EqualTo("test.csv: model 'm' needs column(s) 'city', which the data does not have"));
        var wrongKind = new Table([TableColumn.Numeric("age", [1]), TableColumn.Numeric("city", [3])], source: "test.csv");
        Assert.That(Assert.Throws<InvalidInputException>(() => ModelInput.EnsureFeatures(wrongKind, Card))!.Message,
            Does.Contain("column 'city' is numeric here but the model was trained with it categorical"));
    }
}
