using MlOps.CiHosts;
using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Steps.Common;
using MlOps.Steps.Train;

namespace MlOps.Steps.Tests;

/// <summary>Training records the model's own output distribution in profile.json, for `mlops monitor` to compare live predictions with.</summary>
[TestFixture]
public class TrainPredictionProfileTests
{
    private string _dir = "";

    [SetUp]
    public void Create() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "mlops-trainprofile-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    private async Task<DataProfile> TrainAsync(string dataset, string modelYaml, string extra = "")
    {
        var config = Path.Combine(_dir, "mlops.yml");
        File.WriteAllText(config, $"{modelYaml}\ndata: {{ train: {SharedData.Dataset(dataset)}{extra} }}\ntrain: {{ mlnet: {{ trees: 20, min-leaf: 2 }} }}\n");
        var result = await new TrainStep(new StepContext(new LocalHost(_ => null, TextWriter.Null, TextWriter.Null), TextWriter.Null))
            .RunAsync(new TrainOptions(config, Path.Combine(_dir, "run")));
        return DataProfile.TryRead(result.OutputDirectory)!;
    }

    [Test]
    public async Task Binary_the_positive_class_probability()
    {
        var profile = await TrainAsync("breast_cancer_wisconsin.csv", "model: { name: bc, task: binary-classification, label: diagnosis, positive: malignant }");

        var p = profile.Prediction!;
        Assert.That(p.Name, Is.EqualTo(PredictionColumn.Name));
        Assert.That(p.Kind, Is.EqualTo(ColumnKind.Numeric));
        Assert.That(p.Min, Is.GreaterThanOrEqualTo(0));
        Assert.That(p.Max, Is.LessThanOrEqualTo(1));
        // 212 of 569 are malignant: a model that fits its training data scores about that share at 0.5 or more.
        Assert.That(p.Mean, Is.EqualTo(212 / 569.0).Within(0.05));
        Assert.That(p.Quantiles, Has.Length.EqualTo(101));
    }

    [Test]
    public async Task Multiclass_the_predicted_label()
    {
        var profile = await TrainAsync("iris.csv", "model: { name: iris, task: multiclass-classification, label: species }");

        var p = profile.Prediction!;
        Assert.That(p.Kind, Is.EqualTo(ColumnKind.Categorical));
        Assert.That(p.CategoryShares!.Keys, Is.EquivalentTo(new[] { "setosa", "versicolor", "virginica" }));
        Assert.That(p.CategoryShares["setosa"], Is.EqualTo(1 / 3.0).Within(0.03));
    }

    [Test]
    public async Task Regression_the_predicted_value()
    {
        var profile = await TrainAsync("bike_sharing_day.csv", "model: { name: bikes, task: regression, label: cnt }",
            ", exclude: [instant, dteday, casual, registered]");

        var p = profile.Prediction!;
        Assert.That(p.Kind, Is.EqualTo(ColumnKind.Numeric));
        Assert.That(p.Mean, Is.EqualTo(4504).Within(300), "the mean of cnt is 4504");
        Assert.That(profile.Features.Select(f => f.Name), Does.Not.Contain(PredictionColumn.Name), "the prediction is not a feature");
    }
}
