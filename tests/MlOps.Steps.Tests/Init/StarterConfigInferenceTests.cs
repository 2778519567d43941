using MlOps.Core.Config;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Steps.Init;

namespace MlOps.Steps.Tests.Init;

/// <summary>
/// The mlops.yml init writes from a CSV: loaded here with the ConfigLoader `mlops train` uses, so what is asserted is
/// what the pipeline will run with.
/// </summary>
public class StarterConfigInferenceTests
{
    private static MlOpsConfig InitWith(InitFolder folder, string train, string? test, string label, string? model = null)
    {
        folder.Init(new InitOptions("", RepoHost.GitHub, model, train, test, label));
        return ConfigLoader.Load(folder.PathOf("mlops.yml"));
    }

    [Test]
    public void Adult_is_binary_with_the_rarer_income_class_as_positive()
    {
        using var folder = new InitFolder();

        var config = InitWith(folder, SharedData.Dataset("adult_train.csv"), SharedData.Dataset("adult_test.csv"), "income", "adult-income");

        Assert.That(config.Model, Is.EqualTo(new ModelSection("adult-income", ModelTask.BinaryClassification, "income", ">50K")));
        Assert.That(config.Data.Train, Is.EqualTo(SharedData.Dataset("adult_train.csv")));
        Assert.That(config.Data.Test, Is.EqualTo(SharedData.Dataset("adult_test.csv")));
        Assert.That(config.Data.Exclude, Is.Empty, "every Adult column describes the person");
        Assert.That(config.Evaluate.Baseline.Alias, Is.EqualTo("production"));
        var text = File.ReadAllText(folder.PathOf("mlops.yml"));
        Assert.That(text, Does.Contain("rarer of the two (24.1% of rows)").And.Contain("# slices: [race, sex]"));
        Assert.That(folder.Out.ToString(), Does.Contain("outside the repository"), "the shared datasets are not in the temp repository");
    }

    [Test]
    public void Bike_sharing_is_regression_without_the_row_number_the_date_and_the_two_parts_of_the_count()
    {
        using var folder = new InitFolder();
        var (train, test) = SplitByYear(folder);

        var config = InitWith(folder, train, test, "cnt");

        Assert.That(config.Model.Task, Is.EqualTo(ModelTask.Regression));
        Assert.That(config.Model.Positive, Is.Null);
        Assert.That(config.Data.Exclude, Is.EquivalentTo(new[] { "instant", "dteday", "casual", "registered" }));
        Assert.That(config.Data.Train, Is.EqualTo(folder.PathOf("data/train.csv")));
        Assert.That(File.ReadAllText(folder.PathOf("mlops.yml")), Does.Contain("train: data/train.csv").And.Contain("casual + registered = cnt on every row"));
        Assert.That(folder.Out.ToString(), Does.Not.Contain("outside the repository"));
    }

    /// <summary>2011 to train, 2012 to test, as the datasets README suggests; the CRLF line ends of the original are kept.</summary>
    private static (string Train, string Test) SplitByYear(InitFolder folder)
    {
        var lines = File.ReadAllText(SharedData.Dataset("bike_sharing_day.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var yr = Array.IndexOf(lines[0].Split(','), "yr");
        var rows = lines.Skip(1).ToList();
        folder.Write("data/train.csv", string.Join("\r\n", rows.Where(r => r.Split(',')[yr] == "0").Prepend(lines[0])) + "\r\n");
        folder.Write("data/test.csv", string.Join("\r\n", rows.Where(r => r.Split(',')[yr] == "1").Prepend(lines[0])) + "\r\n");
        return (folder.PathOf("data/train.csv"), folder.PathOf("data/test.csv"));
    }

    [Test]
    public void Iris_is_multiclass()
    {
        using var folder = new InitFolder();

        var config = InitWith(folder, SharedData.Dataset("iris.csv"), null, "species");

        Assert.That(config.Model.Task, Is.EqualTo(ModelTask.MulticlassClassification));
        Assert.That(config.Evaluate.Baseline.Margins.Single().Metric, Is.EqualTo("macro-f1"));
        Assert.That(folder.Out.ToString(), Does.Contain("Set data.test"));
    }

    [Test]
    public void Telco_churn_is_binary_with_yes_and_leaves_out_the_customer_id()
    {
        using var folder = new InitFolder();

        var config = InitWith(folder, SharedData.Dataset("telco_customer_churn.csv"), null, "Churn");

        Assert.That(config.Model.Positive, Is.EqualTo("Yes"));
        Assert.That(config.Data.Exclude, Is.EqualTo(new[] { "customerID" }));
        Assert.That(folder.Out.ToString(), Does.Contain("note: ").And.Contain("column 'TotalCharges' has 11 whitespace-only value(s)"));
    }

    [Test]
    public void The_task_flag_wins_over_the_guess()
    {
        using var folder = new InitFolder();

        folder.Init(new InitOptions("", RepoHost.GitHub, Data: SharedData.Dataset("iris.csv"), Label: "petal_width_cm", Task: ModelTask.Regression));

        Assert.That(ConfigLoader.Load(folder.PathOf("mlops.yml")).Model.Task, Is.EqualTo(ModelTask.Regression));
        Assert.That(File.ReadAllText(folder.PathOf("mlops.yml")), Does.Not.Contain("inferred: 'petal_width_cm'"));
    }

    [Test]
    public void A_label_that_is_not_a_column_names_the_file_and_the_columns_and_nothing_is_written()
    {
        using var folder = new InitFolder();

        var error = Assert.Throws<InvalidInputException>(() => InitWith(folder, SharedData.Dataset("iris.csv"), null, "Species"))!;

        Assert.That(error.Message, Is.EqualTo($"{SharedData.Dataset("iris.csv")}:1: --label 'Species' is not a column of the header; " +
                                              "columns are: sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, species"));
        Assert.That(folder.Files(), Is.Empty);
    }

    [Test]
    public void A_test_file_without_the_label_is_refused()
    {
        using var folder = new InitFolder();
        folder.Write("data/test.csv", "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n5.1,3.5,1.4,0.2\n");

        var error = Assert.Throws<InvalidInputException>(() => InitWith(folder, SharedData.Dataset("iris.csv"), folder.PathOf("data/test.csv"), "species"))!;

        Assert.That(error.Message, Is.EqualTo($"{folder.PathOf("data/test.csv")}:1: the test data has no label column 'species'; the gate scores models against it"));
    }

    [Test]
    public void A_label_with_an_empty_value_is_reported_with_its_line()
    {
        using var folder = new InitFolder();
        folder.Write("data/train.csv", "x,y\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},{(i == 7 ? "" : i % 2 == 0 ? "a" : "b")}\n")));

        var error = Assert.Throws<InvalidInputException>(() => InitWith(folder, folder.PathOf("data/train.csv"), null, "y"))!;

        Assert.That(error.Message, Does.StartWith($"{folder.PathOf("data/train.csv")}:9: label 'y' is empty"));
    }

    [TestCase(null, "species", "--test needs --data")]
    [TestCase("iris.csv", null, "needs --label")]
    public void Incomplete_data_flags_say_what_is_missing(string? data, string? label, string message)
    {
        using var folder = new InitFolder();
        var options = new InitOptions("", RepoHost.GitHub, Data: data is null ? null : SharedData.Dataset(data),
            Test: data is null ? SharedData.Dataset("iris.csv") : null, Label: label);

        Assert.That(() => folder.Init(options), Throws.TypeOf<InvalidInputException>().With.Message.Contain(message));
    }

    [Test]
    public void A_bad_model_name_is_refused_before_anything_is_written()
    {
        using var folder = new InitFolder();

        Assert.That(() => folder.Init(new InitOptions("", RepoHost.GitHub, Model: "my model")),
            Throws.TypeOf<InvalidInputException>().With.Message.StartWith("--model 'my model' may hold only letters, digits"));
        Assert.That(folder.Files(), Is.Empty);
    }
}
