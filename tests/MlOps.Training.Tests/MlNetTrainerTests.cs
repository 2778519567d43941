using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.Metrics;
using MlOps.Core.Modeling;
using MlOps.Models;
using MlOps.Training;

namespace MlOps.Training.Tests;

public class MlNetTrainerTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDir() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "mlops-train-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static string Dataset(string file) => SharedData.Dataset(file);

    private MlOpsConfig Config(string yaml) => ConfigLoader.Parse(new StringReader(yaml), Path.Combine(_dir, "mlops.yml"), "mlops.yml");

    private async Task<(IScoringModel Model, Table Table)> Train(MlOpsConfig config, string data, int seed, string sub, params string[] exclude)
    {
        var table = TableLoader.Load(data);
        var features = table.Columns.Where(c => c.Name != config.Model.Label && !exclude.Contains(c.Name))
            .Select(c => new FeatureInfo(c.Name, c.Kind)).ToList();
        var classes = config.Model.Task == ModelTask.Regression ? [] : Labels.Distinct(table[config.Model.Label]);
        var output = Directory.CreateDirectory(Path.Combine(_dir, sub)).FullName;
        var result = await new MlNetTrainer().TrainAsync(new TrainingContext(config, table, features, classes, output, seed, _ => { }));
        new ModelCard("m", result.Format, Path.GetFileName(result.ModelFile), config.Model.Task, config.Model.Label,
            config.Model.Positive, classes, features).Save(output);
        return (ModelLoader.Load(output), table);
    }

    [Test]
    public async Task Iris_multiclass_learns_the_classes_in_a_stable_order()
    {
        var config = Config("model: { name: iris, task: multiclass-classification, label: species }\ntrain: { mlnet: { trees: 20, min-leaf: 2 } }");
        var (model, table) = await Train(config, Dataset("iris.csv"), 1, "a");
        using (model)
        {
            Assert.That(model.Card.Classes, Is.EqualTo(new[] { "setosa", "versicolor", "virginica" }));
            var predictions = model.Predict(table);
            Assert.That(predictions.ClassProbabilities![0].Sum(), Is.EqualTo(1).Within(1e-6));
            var metrics = MetricCalculator.Compute(predictions, Labels.From(table, ModelTask.MulticlassClassification, "species", null, model.Card.Classes));
            Assert.That(metrics["accuracy"], Is.GreaterThan(0.95));
        }
    }

    [Test]
    public async Task Same_seed_gives_the_same_predictions()
    {
        var config = Config("model: { name: c, task: binary-classification, label: diagnosis, positive: malignant }\ntrain: { mlnet: { trees: 30 } }");
        var (a, table) = await Train(config, Dataset("breast_cancer_wisconsin.csv"), 5, "a");
        var (b, _) = await Train(config, Dataset("breast_cancer_wisconsin.csv"), 5, "b");
        using (a)
        using (b)
            Assert.That(a.Predict(table).Probabilities, Is.EqualTo(b.Predict(table).Probabilities));
    }

    [Test]
    public async Task Regression_with_missing_values_and_a_category_column()
    {
        var config = Config("model: { name: h, task: regression, label: median_house_value }\ntrain: { mlnet: { trees: 50 } }");
        var (model, table) = await Train(config, Dataset("california_housing.csv"), 1, "a");
        using (model)
        {
            Assert.That(model.Card.Features.Single(f => f.Name == "ocean_proximity").Kind, Is.EqualTo(ColumnKind.Categorical));
            var metrics = MetricCalculator.Compute(model.Predict(table), Labels.From(table, ModelTask.Regression, "median_house_value", null));
            Assert.That(metrics["r2"], Is.GreaterThan(0.75), "trees on California housing explain most of the variance");
        }
    }

    [Test]
    public async Task Linear_and_lightgbm_trainers_work_on_adult_categories()
    {
        foreach (var trainer in new[] { "linear", "lightgbm" })
        {
            var config = Config($"model: {{ name: a, task: binary-classification, label: income, positive: \">50K\" }}\ntrain: {{ mlnet: {{ trainer: {trainer}, trees: 50 }} }}");
            var (model, table) = await Train(config, Dataset("adult_test.csv"), 1, trainer, "fnlwgt");
            using (model)
            {
                var metrics = MetricCalculator.Compute(model.Predict(table), Labels.From(table, ModelTask.BinaryClassification, "income", ">50K"));
                Assert.That(metrics["auc"], Is.GreaterThan(0.85), trainer);
            }
        }
    }
}
