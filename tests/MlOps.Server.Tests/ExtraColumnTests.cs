using System.Net;

namespace MlOps.Server.Tests;

/// <summary>
/// A key the model does not have is refused by default (a misspelt feature would otherwise be scored as missing);
/// a server started with --ignore-extra-columns scores such rows exactly as if the key were not there.
/// </summary>
public class ExtraColumnTests : ServerTestBase
{
    private const string Records = """[{"age": 70, "sex": "Male"}, {"age": null, "sex": "Female"}, {"age": 25, "sex": null}]""";

    [TestCase("""[{"age": 70, "sex": "Male"}, {"age": null, "sex": "Female", "income": ">50K"}, {"age": 25, "sex": null}]""",
        "row 1: 'income' is not a feature of the model; remove it, or start the server with --ignore-extra-columns to have such columns ignored", "rows[1].income")]
    [TestCase("""{"dataframe_records": [{"age": 70, "sex": "Male", "id": 1}, {"age": null, "sex": "Female"}, {"sex": null, "age": 25}]}""",
        "row 0: 'id' is not a feature of the model; remove it, or start the server with --ignore-extra-columns to have such columns ignored", "rows[0].id")]
    [TestCase("""{"age": [70, null, 25], "sex": ["Male", "Female", null], "id": [1, 2, 3]}""",
        "column 'id' is not a feature of the model; remove it, or start the server with --ignore-extra-columns to have such columns ignored", "id")]
    [TestCase("""{"inputs": {"sex": ["Male", "Female", null], "age": [70, null, 25], "hours_per_week ": [1, 2, 3]}}""",
        "column 'hours_per_week ' is not a feature of the model; remove it, or start the server with --ignore-extra-columns to have such columns ignored", "inputs.hours_per_week ")]
    [TestCase("""{"dataframe_split": {"columns": ["id", "sex", "age"], "data": [[1, "Male", 70], [2, "Female", null], [3, null, 25]]}}""",
        "'id' is not a feature of the model; remove it, or start the server with --ignore-extra-columns to have such columns ignored", "dataframe_split.columns[0]")]
    public async Task A_key_that_is_not_a_feature_is_400_naming_it(string body, string detail, string field)
    {
        var url = await Start(new FakeBinaryModel());
        var reply = await Post(url, body);
        Assert.That(AssertProblem(reply, HttpStatusCode.BadRequest, "invalid input", field), Is.EqualTo(detail));
    }

    [Test]
    public async Task A_feature_given_twice_in_a_row_is_400()
    {
        var url = await Start(new FakeBinaryModel());
        var reply = await Post(url, """[{"age": 70, "sex": "Male", "age": 30}]""");
        Assert.That(AssertProblem(reply, HttpStatusCode.BadRequest, "invalid input", "rows[0].age"), Is.EqualTo("row 0: feature 'age' appears twice"));
    }

    [TestCase("""[{"age": 70, "sex": "Male", "income": ">50K"}, {"age": null, "sex": "Female", "id": 2}, {"age": 25, "sex": null}]""")]
    [TestCase("""{"age": [70, null, 25], "sex": ["Male", "Female", null], "id": [1, 2, 3]}""")]
    [TestCase("""{"dataframe_split": {"columns": ["id", "sex", "age"], "data": [[1, "Male", 70], [2, "Female", null], [3, null, 25]]}}""")]
    [TestCase("""[{"age": 10, "sex": "Male", "age": 70}, {"sex": "Female", "id": 2, "age": null}, {"age": 25, "sex": "x", "sex": null}]""")] // a repeated name: the last one counts, as JsonElement.GetProperty has it
    public async Task With_ignore_extra_columns_the_extra_keys_change_nothing(string body)
    {
        var url = await Start(new FakeBinaryModel(), new ScoringServerOptions(ModelReference: "income:3") { IgnoreExtraColumns = true });
        var expected = await Post(url, Records);

        var reply = await Post(url, body);

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        Assert.That(reply.Text, Is.EqualTo(expected.Text));
    }
}
