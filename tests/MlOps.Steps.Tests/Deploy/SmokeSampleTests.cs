using System.Text.Json;
using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.Modeling;
using MlOps.Steps.Deploy;

namespace MlOps.Steps.Tests.Deploy;

/// <summary>The one row every smoke test of a new version sends: the project's first test row, as the model takes it.</summary>
public sealed class SmokeSampleTests
{
    private string _root = null!;

    [SetUp]
    public void Create()
    {
        _root = Path.Combine(Path.GetTempPath(), "mlops-smoke-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_root, "model"));
    }

    [TearDown]
    public void Delete() => Directory.Delete(_root, recursive: true);

    private MlOpsConfig Config(string testCsv, string exclude = "[]")
    {
        File.WriteAllText(Path.Combine(_root, "test.csv"), testCsv);
        File.WriteAllText(Path.Combine(_root, "mlops.yml"), $$"""
            model: { name: m, task: binary-classification, label: income }
            data: { train: test.csv, test: test.csv, exclude: {{exclude}} }
            """);
        return ConfigLoader.Load(Path.Combine(_root, "mlops.yml"));
    }

    private string ModelWith(params FeatureInfo[] features)
    {
        var folder = Path.Combine(_root, "model");
        new ModelCard("m", "mlnet", "model.zip", ModelTask.BinaryClassification, "income", ">50K", ["<=50K", ">50K"], features).Save(folder);
        return folder;
    }

    [Test]
    public void The_model_s_features_of_the_first_row_typed_as_the_model_takes_them()
    {
        var config = Config("""
            age,zip,workclass,fnlwgt,note,income
            39,02139, State-gov ,77516,,<=50K
            50,10001,Self-emp,83311,x,<=50K
            """, exclude: "[fnlwgt]");
        var model = ModelWith(new FeatureInfo("age", ColumnKind.Numeric), new FeatureInfo("zip", ColumnKind.Categorical),
            new FeatureInfo("workclass", ColumnKind.Categorical), new FeatureInfo("note", ColumnKind.Categorical));

        var body = SmokeSample.From(config, model);

        Assert.That(JsonSerializer.Serialize(JsonDocument.Parse(body!)), Is.EqualTo("""[{"age":39,"zip":"02139","workclass":"State-gov","note":null}]"""),
            "a zip code the model takes as text stays text; no label, no excluded column; a blank is null (missing)");
    }

    [Test]
    public void Only_the_first_record_is_read_even_when_it_spans_lines_and_later_rows_are_broken()
    {
        var config = Config("age,workclass,income\n39,\"State\ngov\",<=50K\n50,\"never closed,<=50K\n");
        var model = ModelWith(new FeatureInfo("age", ColumnKind.Numeric), new FeatureInfo("workclass", ColumnKind.Categorical));

        Assert.That(SmokeSample.From(config, model), Is.EqualTo("""[{"age":39,"workclass":"State\ngov"}]"""));
    }

    [Test]
    public void Without_a_model_card_every_column_but_the_label_and_the_excluded_ones_goes_with_numbers_as_numbers()
    {
        var config = Config("age,workclass,fnlwgt,income\n39,State-gov,77516,<=50K\n", exclude: "[fnlwgt]");

        Assert.That(SmokeSample.From(config, Path.Combine(_root, "nowhere")), Is.EqualTo("""[{"age":39,"workclass":"State-gov"}]"""));
    }

    [Test]
    public void No_data_rows_no_sample()
    {
        var config = Config("age,workclass,income\n");
        Assert.That(SmokeSample.From(config, ModelWith(new FeatureInfo("age", ColumnKind.Numeric))), Is.Null);
    }
}
