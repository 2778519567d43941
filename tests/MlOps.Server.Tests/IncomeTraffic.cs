using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.DataChecks;

namespace MlOps.Server.Tests;

/// <summary>
/// Rows for <see cref="FakeBinaryModel"/> drawn from one known population (age ~ N(40, 12) in whole years, 5%
/// missing; sex Male 60%, Female 38%, missing 2%), and the training profile of that population, so drift tests know
/// what "no drift" and "drift" should look like.
/// </summary>
internal static class IncomeTraffic
{
    /// <summary>The training profile, with the model's predictions on the training rows when asked.</summary>
    public static DataProfile Profile(bool withPrediction = true)
    {
        var training = Rows(20_000, seed: 1);
        var profile = DataProfile.Build(training, ["age", "sex"]);
        return withPrediction ? profile with { Prediction = DataProfile.Profile(Predictions(training)) } : profile;
    }

    /// <param name="ageShift">Years added to every age.</param>
    /// <param name="sexOf">Replaces each drawn sex (e.g. with values training never saw).</param>
    public static Table Rows(int count, int seed, double ageShift = 0, Func<string?, string?>? sexOf = null)
    {
        var random = new Random(seed);
        var ages = new double[count];
        var sexes = new string?[count];
        for (var i = 0; i < count; i++)
        {
            // Box-Muller: a normal draw from two uniform ones.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            ages[i] = random.NextDouble() < 0.05 ? double.NaN : Math.Round(40 + 12 * normal) + ageShift;
            var u = random.NextDouble();
            var sex = u < 0.6 ? "Male" : u < 0.98 ? "Female" : null;
            sexes[i] = sexOf is null ? sex : sexOf(sex);
        }
        return new Table([TableColumn.Numeric("age", ages), TableColumn.Categorical("sex", sexes)]);
    }

    /// <summary>What the server's model predicts for the rows, as the profile's prediction column.</summary>
    public static TableColumn Predictions(Table rows) =>
        TableColumn.Numeric("prediction", Enumerable.Range(0, rows.RowCount)
            .Select(r => FakeBinaryModel.Expected(rows["age"].Numbers[r], rows["sex"].Strings[r])).ToArray());

    /// <summary>Rows <paramref name="from"/> to <paramref name="to"/> (exclusive) as a columnar /score body.</summary>
    public static string Body(Table rows, int from, int to) => JsonSerializer.Serialize(new Dictionary<string, object?[]>
    {
        ["age"] = rows["age"].Numbers[from..to].Select(a => double.IsNaN(a) ? null : (object)a).ToArray(),
        ["sex"] = rows["sex"].Strings[from..to].Cast<object?>().ToArray(),
    });
}
