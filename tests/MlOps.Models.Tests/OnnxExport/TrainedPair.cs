using System.Collections.Concurrent;
using Microsoft.ML;
using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.Modeling;
using MlOps.Models.Onnx.Export;
using MlOps.Training;

namespace MlOps.Models.Tests.OnnxExport;

/// <summary>
/// One model trained by the product's MlNetTrainer (model.zip) and the same model exported to ONNX from that file,
/// each in its own folder with a model card, so both are opened the way users open them (ModelLoader).
/// Trained once per test run and shared: training is most of these tests' time.
/// </summary>
internal sealed record TrainedPair(string MlNetDir, string OnnxDir, Table Test)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<TrainedPair>>> Cache = new();
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "mlops-onnx-export-" + Guid.NewGuid().ToString("N")[..8]);

    public string OnnxFile => Path.Combine(OnnxDir, OnnxExporter.FileName);

    public static Task<TrainedPair> AdultBinary(string trainer) =>
        Get($"adult-{trainer}", $"model: {{ name: adult, task: binary-classification, label: income, positive: \">50K\" }}\ntrain: {{ mlnet: {{ trainer: {trainer}, trees: 50 }} }}",
            "adult_train.csv", "adult_test.csv");

    /// <summary>
    /// Adult with two workclass values renamed in train and test alike: one to non-ASCII text, one to a name longer
    /// than the 256 characters OnnxInputs encodes on the stack, so both ways strings reach ONNX Runtime are scored.
    /// </summary>
    public static Task<TrainedPair> AdultRenamedCategories(IReadOnlyDictionary<string, string> renames) =>
        Get("adult-renamed", "model: { name: adult, task: binary-classification, label: income, positive: \">50K\" }\ntrain: { mlnet: { trainer: fasttree, trees: 50 } }",
            "adult_train.csv", "adult_test.csv", table => Renamed(table, "workclass", renames));

    private static Table Renamed(Table table, string column, IReadOnlyDictionary<string, string> renames) =>
        new(table.Columns.Select(c => c.Name != column ? c
            : TableColumn.Categorical(c.Name, c.Strings.Select(v => v is not null && renames.TryGetValue(v, out var renamed) ? renamed : v).ToArray())).ToList(),
            table.SourceLines, table.Source);

    public static Task<TrainedPair> HousingRegression(string trainer) =>
        Get($"housing-{trainer}", $"model: {{ name: housing, task: regression, label: median_house_value }}\ntrain: {{ mlnet: {{ trainer: {trainer}, trees: 50 }} }}",
            "california_housing.csv", "california_housing.csv");

    public static Task<TrainedPair> IrisMulticlass(string trainer) =>
        Get($"iris-{trainer}", $"model: {{ name: iris, task: multiclass-classification, label: species }}\ntrain: {{ mlnet: {{ trainer: {trainer}, trees: 20, min-leaf: 2 }} }}",
            "iris.csv", "iris.csv");

    public static void DeleteAll()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    private static Task<TrainedPair> Get(string key, string yaml, string train, string test, Func<Table, Table>? change = null) =>
        Cache.GetOrAdd(key, _ => new Lazy<Task<TrainedPair>>(() => Create(key, yaml, train, test, change ?? (t => t)))).Value;

    private static async Task<TrainedPair> Create(string key, string yaml, string trainFile, string testFile, Func<Table, Table> change)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Root, key)).FullName;
        var config = ConfigLoader.Parse(new StringReader(yaml), Path.Combine(dir, "mlops.yml"), "mlops.yml");
        var train = change(TableLoader.Load(SharedData.Dataset(trainFile)));
        var features = train.Columns.Where(c => c.Name != config.Model.Label).Select(c => new FeatureInfo(c.Name, c.Kind)).ToList();
        var classes = config.Model.Task == ModelTask.Regression ? [] : Labels.Distinct(train[config.Model.Label]);

        var mlnetDir = Directory.CreateDirectory(Path.Combine(dir, "mlnet")).FullName;
        var trained = await new MlNetTrainer().TrainAsync(new TrainingContext(config, train, features, classes, mlnetDir, 1, _ => { }));
        var card = new ModelCard(config.Model.Name, trained.Format, Path.GetFileName(trained.ModelFile), config.Model.Task,
            config.Model.Label, config.Model.Positive, classes, features);
        card.Save(mlnetDir);

        var onnxDir = Directory.CreateDirectory(Path.Combine(dir, "onnx")).FullName;
        var model = new MLContext().Model.Load(trained.ModelFile, out _);
        OnnxExporter.Export(model, features, config.Model.Task, Path.Combine(onnxDir, OnnxExporter.FileName));
        (card with { Format = "onnx", File = OnnxExporter.FileName }).Save(onnxDir);

        var test = trainFile == testFile ? train : change(TableLoader.Load(SharedData.Dataset(testFile)));
        return new TrainedPair(mlnetDir, onnxDir, test);
    }

    /// <summary>Scores <see cref="Test"/> with ML.NET and with ONNX Runtime.</summary>
    public (Predictions MlNet, Predictions Onnx) Predict()
    {
        using var mlnet = ModelLoader.Load(MlNetDir);
        using var onnx = ModelLoader.Load(OnnxDir);
        Assert.That(mlnet.Card.Format, Is.EqualTo("mlnet"));
        Assert.That(onnx.Card.Format, Is.EqualTo("onnx"));
        return (mlnet.Predict(Test), onnx.Predict(Test));
    }
}
