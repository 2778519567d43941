using System.Net;

namespace MlOps.Server.Tests;

/// <summary>
/// Columnar JSON and MLflow's scoring bodies give exactly the predictions the same rows give as records, so a client
/// written for an MLflow model server works unchanged; their mistakes are 400s naming the row and feature.
/// </summary>
public class BodyShapeTests : ServerTestBase
{
    private const string Records = """[{"age": 70, "sex": "Male"}, {"age": null, "sex": "Female"}, {"age": 25, "sex": null}]""";

    [TestCase("""{"age": [70, null, 25], "sex": ["Male", "Female", null], "id": [1, 2, 3]}""")]
    [TestCase("""{"dataframe_split": {"columns": ["id", "sex", "age"], "data": [[1, "Male", 70], [2, "Female", null], [3, null, 25]]}}""")]
    [TestCase("""{"dataframe_split": {"index": [7, 8, 9], "columns": ["age", "sex"], "data": [[70, "Male"], [null, "Female"], [25, null]]}, "params": {}}""")]
    [TestCase("""{"dataframe_records": [{"age": 70, "sex": "Male"}, {"age": null, "sex": "Female"}, {"sex": null, "age": 25, "id": 3}]}""")]
    [TestCase("""{"inputs": {"sex": ["Male", "Female", null], "age": [70, null, 25]}}""")]
    [TestCase("""[{"age": 10, "sex": "Male", "age": 70}, {"sex": "Female", "id": 2, "age": null}, {"age": 25, "sex": "x", "sex": null}]""")] // a repeated name: the last one counts
    [TestCase("""{"inputs": [{"age": 70, "sex": "Male"}, {"age": null, "sex": "Female"}, {"age": 25, "sex": null}]}""")]
    public async Task Every_accepted_shape_scores_like_the_same_rows_as_records(string body)
    {
        var url = await Start(new FakeBinaryModel());
        var expected = await Post(url, Records);

        var reply = await Post(url, body);

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
        Assert.That(reply.Text, Is.EqualTo(expected.Text), "same {\"model\", \"predictions\"} response whatever the body shape");
        var p = reply.Body.GetProperty("predictions");
        Assert.That(p.GetArrayLength(), Is.EqualTo(3));
        Assert.That(p[0].GetProperty("probability").GetDouble(), Is.EqualTo(FakeBinaryModel.Expected(70, "Male")).Within(1e-12));
        Assert.That(p[1].GetProperty("probability").GetDouble(), Is.EqualTo(FakeBinaryModel.Expected(double.NaN, "Female")).Within(1e-12));
        Assert.That(p[2].GetProperty("probability").GetDouble(), Is.EqualTo(FakeBinaryModel.Expected(25, null)).Within(1e-12));
    }

    [TestCase("""{"age": [1, 2], "sex": ["a"]}""", "column 'sex' has 1 values but 'age' has 2; every column needs one value per row", "sex")]
    [TestCase("""{"age": [1]}""", "column 'sex' missing (send null values for missing values)", "sex")]
    [TestCase("""{"age": 1, "sex": "a"}""", "column 'age' must be an array of values, found number 1", "age")]
    [TestCase("""{"age": [1, "x"], "sex": ["a", "b"]}""", "row 1: feature 'age' must be a number or null, found string \"x\"", "rows[1].age")]
    [TestCase("""{"age": [], "sex": []}""", "no rows to score", "rows")]
    [TestCase("""{"inputs": {"age": [1]}}""", "column 'sex' missing (send null values for missing values)", "inputs.sex")]
    [TestCase("""{"inputs": [[1, "a"]]}""", "row 0: expected an object of feature values, found an array", "rows[0]")]
    [TestCase("""{"inputs": 5}""", "\"inputs\" must be an object of columns {\"feature\": [...]} or an array of row objects, found number 5", "inputs")]
    [TestCase("""{"dataframe_records": {"age": 1}}""", "\"dataframe_records\" must be an array of row objects, found an object", "dataframe_records")]
    [TestCase("""{"dataframe_records": [{"age": 1, "sex": "a"}, {"age": 2}]}""", "row 1: feature 'sex' is missing (send null for a missing value)", "rows[1].sex")]
    [TestCase("""{"dataframe_split": [[1, "a"]]}""", "\"dataframe_split\" must be an object {\"columns\": [...], \"data\": [[...]]}, found an array", "dataframe_split")]
    [TestCase("""{"dataframe_split": {"data": [[1, "a"]]}}""", "\"dataframe_split.columns\" must be an array of column names", "dataframe_split.columns")]
    [TestCase("""{"dataframe_split": {"columns": ["age", "sex"]}}""", "\"dataframe_split.data\" must be an array of rows, each an array of values", "dataframe_split.data")]
    [TestCase("""{"dataframe_split": {"columns": ["age"], "data": [[1]]}}""", "column 'sex' missing from \"columns\" (send null values for missing values)", "dataframe_split.columns")]
    [TestCase("""{"dataframe_split": {"columns": ["age", "sex", "age"], "data": []}}""", "column 'age' appears twice", "dataframe_split.columns[2]")]
    [TestCase("""{"dataframe_split": {"columns": ["age", 3], "data": []}}""", "column 1: a column name must be a string, found number 3", "dataframe_split.columns[1]")]
    [TestCase("""{"dataframe_split": {"columns": ["age", "sex"], "data": [[1, "a"], [2]]}}""", "row 1: expected an array of 2 values (one per column), found 1 values", "rows[1]")]
    [TestCase("""{"dataframe_split": {"columns": ["age", "sex"], "data": [[1, "a"], {"age": 2}]}}""", "row 1: expected an array of 2 values (one per column), found an object", "rows[1]")]
    [TestCase("""{"dataframe_split": {"columns": ["sex", "age"], "data": [["a", true]]}}""", "row 0: feature 'age' must be a number or null, found boolean true", "rows[0].age")]
    [TestCase("""{"inputs": [], "dataframe_records": []}""", "the body has both \"dataframe_records\" and \"inputs\"; send exactly one of them", "inputs")]
    public async Task A_bad_body_of_any_shape_is_400_naming_the_field(string body, string detail, string field)
    {
        var url = await Start(new FakeBinaryModel());
        var reply = await Post(url, body);
        Assert.That(AssertProblem(reply, HttpStatusCode.BadRequest, "invalid input", field), Is.EqualTo(detail));
    }

    [Test]
    public async Task The_row_limit_counts_rows_of_every_shape()
    {
        var url = await Start(new FakeBinaryModel(), new ScoringServerOptions(MaxRows: 2));
        var reply = await Post(url, """{"dataframe_split": {"columns": ["age", "sex"], "data": [[1, "a"], [2, "b"], [3, "c"]]}}""");
        Assert.That(AssertProblem(reply, HttpStatusCode.BadRequest, "invalid input", "rows"), Is.EqualTo("3 rows in one request; at most 2 are accepted"));
    }
}
