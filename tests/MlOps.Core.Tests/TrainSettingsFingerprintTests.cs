using MlOps.Core.Config;

namespace MlOps.Core.Tests;

public class TrainSettingsFingerprintTests
{
    private const string Base = """
        model: { name: churn, task: binary-classification, label: churned }
        data: { train: data/a.csv, test: data/t.csv, exclude: [id] }
        train: { backend: mlnet, mlnet: { trainer: fasttree, trees: 100 } }
        evaluate: { thresholds: { auc: ">= 0.8" } }
        """;

    private string _dir = "";

    [SetUp]
    public void Fresh() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "mlops-fp-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void Clean() => Directory.Delete(_dir, true);

    private string Of(string yaml, int seed = 42, params string[] exclude)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".yml");
        File.WriteAllText(path, yaml);
        return TrainSettingsFingerprint.Sha256(path, seed, exclude);
    }

    [Test]
    public void Layout_comments_key_order_data_file_names_and_other_sections_do_not_count()
    {
        var reordered = """
            # the nightly model
            train:
              mlnet: { trees: 100, trainer: fasttree }
              backend: mlnet
            data: { exclude: [id], train: data/b.csv }
            model: { label: churned, name: churn, task: binary-classification }
            evaluate: { thresholds: { auc: ">= 0.9" } }
            registry: { path: elsewhere }
            """;
        Assert.That(Of(reordered), Is.EqualTo(Of(Base)));
    }

    [TestCase("trees: 100", "trees: 101")]
    [TestCase("exclude: [id]", "exclude: [id, age]")]
    [TestCase("label: churned", "label: churned_90d")]
    public void A_setting_that_shapes_the_model_counts(string from, string to) =>
        Assert.That(Of(Base.Replace(from, to)), Is.Not.EqualTo(Of(Base)));

    [Test]
    public void The_effective_seed_and_extra_excludes_count()
    {
        Assert.That(Of(Base, seed: 7), Is.Not.EqualTo(Of(Base)));
        Assert.That(Of(Base, 42, "age"), Is.Not.EqualTo(Of(Base)));
        Assert.That(Of(Base, 42, "b", "a"), Is.EqualTo(Of(Base, 42, "a", "b", "a")));
    }
}
