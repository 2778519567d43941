using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Core.Tests;

public class SignatureComparisonTests
{
    private static ModelCard Card(params FeatureInfo[] features) =>
        new("m", "mlnet", "model.zip", ModelTask.BinaryClassification, "y", "1", ["0", "1"], features);

    [Test]
    public void Dropping_an_input_is_compatible_but_adding_or_retyping_one_breaks_callers()
    {
        var production = Card(new("age", ColumnKind.Numeric), new("city", ColumnKind.Categorical));
        var candidate = Card(new("age", ColumnKind.Categorical), new("income", ColumnKind.Numeric));
        var changes = SignatureComparison.Compare(production, candidate);
        Assert.That(changes, Is.EquivalentTo(new[]
        {
            new SignatureChange("new required input 'income' (numeric)", true),
            new SignatureChange("input 'city' is no longer used", false),
            new SignatureChange("input 'age' changed from numeric to categorical", true),
        }));
    }

    [Test]
    public void Output_changes_are_breaking_and_an_identical_card_has_none()
    {
        var production = Card(new FeatureInfo("age", ColumnKind.Numeric));
        Assert.That(SignatureComparison.Compare(production, production), Is.Empty);
        var relabeled = production with { Classes = ["no", "yes"], Positive = "yes" };
        Assert.That(SignatureComparison.Compare(production, relabeled).Select(c => c.Breaking), Is.EqualTo(new[] { true, true }));
    }
}
