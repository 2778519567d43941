using System.Net;
using System.Text.Json;

namespace MlOps.Server.Tests;

public class ScoreTests : ServerTestBase
{
    [Test]
    public async Task Binary_rows_get_the_positive_class_probability_and_the_label_it_implies()
    {
        var url = await Start(new FakeBinaryModel());
        Assert.That(url, Does.Match(@"^http://127\.0\.0\.1:\d+$"));

        var reply = await Post(url, """[{"age": 70, "sex": "Male"}, {"age": 20, "sex": null}, {"age": 40, "sex": "Male"}]""");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        Assert.That(reply.MediaType, Is.EqualTo("application/json"));
        Assert.That(reply.Body.GetProperty("model").GetString(), Is.EqualTo("income:3"));
        var p = reply.Body.GetProperty("predictions");
        Assert.That(p.GetArrayLength(), Is.EqualTo(3));
        Assert.That(p[0].GetProperty("label").GetString(), Is.EqualTo(">50K"));
        Assert.That(p[0].GetProperty("probability").GetDouble(), Is.EqualTo(FakeBinaryModel.Expected(70, "Male")).Within(1e-12));
        Assert.That(p[1].GetProperty("label").GetString(), Is.EqualTo("<=50K"));
        Assert.That(p[1].GetProperty("probability").GetDouble(), Is.EqualTo(FakeBinaryModel.Expected(20, null)).Within(1e-12));
        Assert.That(p[2].GetProperty("label").GetString(), Is.EqualTo(">50K"), "sex moves age 40 above 0.5");
        Assert.That(p[2].GetProperty("probability").GetDouble(), Is.EqualTo(FakeBinaryModel.Expected(40, "Male")).Within(1e-12));
    }

    [Test]
    public async Task Labels_are_written_as_they_read_not_escaped_for_html()
    {
        var url = await Start(new FakeBinaryModel());

        var reply = await Post(url, """[{"age": 20, "sex": null}, {"age": 70, "sex": "Male"}]""");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        Assert.That(reply.Text, Does.Contain("""{"label":"<=50K","probability":"""));
        Assert.That(reply.Text, Does.Contain("""{"label":">50K","probability":"""));
    }

    [Test]
    public async Task An_object_with_rows_scores_like_a_bare_array()
    {
        var url = await Start(new FakeBinaryModel());
        var bare = await Post(url, """[{"age": 55, "sex": "Female"}, {"age": null, "sex": "Male"}]""");
        var wrapped = await Post(url, """{"rows": [{"age": 55, "sex": "Female"}, {"age": null, "sex": "Male"}], "note": "ignored"}""");

        Assert.That(wrapped.Status, Is.EqualTo(HttpStatusCode.OK), wrapped.Text);
        Assert.That(wrapped.Text, Is.EqualTo(bare.Text));
        Assert.That(wrapped.Body.GetProperty("predictions")[1].GetProperty("probability").GetDouble(),
            Is.EqualTo(FakeBinaryModel.Expected(double.NaN, "Male")).Within(1e-12));
    }

    [Test]
    public async Task Values_reach_the_model_typed_as_the_card_says()
    {
        var model = new FakeBinaryModel();
        var url = await Start(model);
        model.Seen.Clear(); // drop the warm-up

        var reply = await Post(url, """[{"age": null, "sex": 1}, {"age": 1.5e1, "sex": 2.5}, {"age": -3, "sex": "  Male "}, {"age": 0, "sex": "   "}]""");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        var table = model.Seen.Single();
        Assert.That(table["age"].Numbers, Is.EqualTo(new[] { double.NaN, 15, -3, 0 }));
        Assert.That(table["sex"].Strings, Is.EqualTo(new[] { "1", "2.5", "Male", null }),
            "numbers become invariant-culture categories; strings are trimmed and blank is missing, as in the CSV loader");
        Assert.That(reply.Body.GetProperty("predictions")[2].GetProperty("probability").GetDouble(),
            Is.EqualTo(FakeBinaryModel.Expected(-3, "Male")).Within(1e-12));
    }

    [Test]
    public async Task Regression_values_and_a_NaN_prediction_becomes_null()
    {
        var url = await Start(new FakeRegressionModel());
        var reply = await Post(url, """[{"rooms": 3}, {"rooms": null}, {"rooms": 0.25}]""");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        Assert.That(reply.Body.GetProperty("model").GetString(), Is.EqualTo("income:3"));
        var p = reply.Body.GetProperty("predictions");
        Assert.That(p[0].GetProperty("value").GetDouble(), Is.EqualTo(3000));
        Assert.That(p[1].GetProperty("value").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(p[2].GetProperty("value").GetDouble(), Is.EqualTo(250));
    }

    [Test]
    public async Task Multiclass_gives_the_most_probable_class_and_every_probability()
    {
        var url = await Start(new FakeMulticlassModel(), new ScoringServerOptions());
        var reply = await Post(url, """[{"petal": 1}, {"petal": 3}, {"petal": 6}, {"petal": null}]""");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        Assert.That(reply.Body.GetProperty("model").GetString(), Is.EqualTo("iris"), "without a reference, the card's name");
        var p = reply.Body.GetProperty("predictions");
        Assert.That(Enumerable.Range(0, 3).Select(i => p[i].GetProperty("label").GetString()), Is.EqualTo(new[] { "setosa", "versicolor", "virginica" }));
        var probabilities = p[1].GetProperty("probabilities");
        Assert.That(probabilities.EnumerateObject().Select(x => x.Name), Is.EqualTo(new[] { "setosa", "versicolor", "virginica" }));
        Assert.That(probabilities.EnumerateObject().Select(x => x.Value.GetDouble()), Is.EqualTo(new[] { 0.1, 0.7, 0.2 }));
        Assert.That(p[3].GetProperty("label").ValueKind, Is.EqualTo(JsonValueKind.Null), "no class wins on NaN");
        Assert.That(p[3].GetProperty("probabilities").GetProperty("setosa").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task A_NaN_probability_has_no_label_rather_than_a_wrong_one()
    {
        var model = new FakeBinaryModel();
        var url = await Start(model);
        model.Override = t => Predictions(double.NaN, 0.5);

        var reply = await Post(url, """[{"age": 1, "sex": "a"}, {"age": 2, "sex": "b"}]""");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        Assert.That(reply.Text, Does.Contain("""{"label":null,"probability":null}"""));
        Assert.That(reply.Body.GetProperty("predictions")[1].GetProperty("label").GetString(), Is.EqualTo(">50K"), "0.5 is positive");
    }

    [Test]
    public async Task Concurrent_requests_each_get_their_own_rows_scored()
    {
        var url = await Start(new FakeBinaryModel());
        var ages = Enumerable.Range(20, 32).ToArray();
        var replies = await Task.WhenAll(ages.Select(age => Post(url, $$"""[{"age": {{age}}, "sex": "Female"}]""")));
        for (var i = 0; i < ages.Length; i++)
            Assert.That(replies[i].Body.GetProperty("predictions")[0].GetProperty("probability").GetDouble(),
                Is.EqualTo(FakeBinaryModel.Expected(ages[i], "Female")).Within(1e-12));
    }

    private static Core.Modeling.Predictions Predictions(params double[] p) => Core.Modeling.Predictions.Binary(p);
}
