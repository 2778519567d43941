using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Core.Modeling;

namespace MlOps.Core.Tests;

public class DataChecksTests
{
    private static Table Adult(string file) => TableLoader.Load(SharedData.Dataset(file));

    [Test]
    public void Same_distribution_has_no_drift_and_a_shift_has_a_lot()
    {
        var train = Adult("adult_train.csv");
        var profile = DataProfile.Build(train, ["age", "workclass"]);
        var test = Adult("adult_test.csv");
        Assert.That(DriftCalculator.Psi(profile.Find("age")!, test["age"]), Is.LessThan(0.01), "the official split is one population");
        Assert.That(DriftCalculator.Ks(profile.Find("age")!, test["age"]), Is.LessThan(0.02));
        Assert.That(DriftCalculator.Psi(profile.Find("workclass")!, test["workclass"]), Is.LessThan(0.01));

        var older = TableColumn.Numeric("age", test["age"].Numbers.Select(a => a + 10).ToArray());
        Assert.That(DriftCalculator.Psi(profile.Find("age")!, older), Is.GreaterThan(0.25));
        Assert.That(DriftCalculator.Ks(profile.Find("age")!, older), Is.GreaterThan(0.2));
        var empty = TableColumn.Categorical("workclass", new string?[test.RowCount]);
        Assert.That(DriftCalculator.Psi(profile.Find("workclass")!, empty), Is.GreaterThan(1), "a column arriving empty drifts");
    }

    [Test]
    public void Ks_matches_the_exact_statistic_on_a_known_case()
    {
        // Training uniform on 0..100; new data uniform on 50..150: the CDFs differ by at most 0.5.
        var train = new Table([TableColumn.Numeric("x", Enumerable.Range(0, 10001).Select(i => i / 100.0).ToArray())]);
        var profile = DataProfile.Build(train, ["x"]).Find("x")!;
        var shifted = TableColumn.Numeric("x", Enumerable.Range(0, 10001).Select(i => 50 + i / 100.0).ToArray());
        Assert.That(DriftCalculator.Ks(profile, shifted), Is.EqualTo(0.5).Within(0.01));
    }

    [Test]
    public void Invariants_name_rows_and_the_first_line()
    {
        var table = new Table([TableColumn.Numeric("age", [30, double.NaN, 130, 40]), TableColumn.Categorical("id", ["a", "b", "a", "c"])],
            [2, 3, 4, 5], "data.csv");
        var violations = Invariants.Check(table, [new InvariantRule("age", NotNull: true, Max: 120), new InvariantRule("id", Unique: true, Allowed: ["a", "b"])]);
        Assert.That(violations, Is.EqualTo(new[]
        {
            new InvariantViolation("age", "not-null", 1, "data.csv:3"),
            new InvariantViolation("age", "max 120", 1, "data.csv:4"),
            new InvariantViolation("id", "allowed [a, b]", 1, "data.csv:5"),
            new InvariantViolation("id", "unique", 1, "data.csv:4"),
        }));
    }

    [Test]
    public void Schema_diff_separates_structural_changes_from_drifting_values()
    {
        var production = DataProfile.Build(new Table([TableColumn.Numeric("age", [20, 30]), TableColumn.Categorical("city", ["a", "b"])]), ["age", "city"]);
        var candidate = DataProfile.Build(new Table([TableColumn.Numeric("age", [20, 90]), TableColumn.Categorical("city", ["a", "c"]),
            TableColumn.Numeric("income", [1, 2])]), ["age", "city", "income"]);
        var changes = SchemaDiff.Compare(production, candidate);
        Assert.That(changes.Where(c => c.Structural).Select(c => c.What), Is.EqualTo(new[] { "column 'income' added (numeric)" }));
        Assert.That(changes.Where(c => !c.Structural).Select(c => c.What), Is.EquivalentTo(new[]
        {
            "'age' range [20, 90] goes beyond production's [20, 30]",
            "'city' has new categories: c",
            "'city' no longer has categories: b",
        }));
    }

    [Test]
    public void Bike_sharing_registered_riders_are_flagged_as_a_label_leak()
    {
        var table = TableLoader.Load(SharedData.Dataset("bike_sharing_hour.csv"));
        var features = new[] { "registered", "temp", "hr" }.Select(n => new FeatureInfo(n, ColumnKind.Numeric));
        var suspects = LeakDetector.Find(table, features, Labels.From(table, ModelTask.Regression, "cnt", null));
        Assert.That(suspects.Select(s => s.Feature), Is.EqualTo(new[] { "registered" }));
        Assert.That(suspects[0].Value, Is.GreaterThan(0.95));
    }
}
