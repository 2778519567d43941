using System.Net;
using System.Text;
using MlOps.Core.Errors;

namespace MlOps.Server.Tests;

/// <summary>Every way a client can get the body wrong is a 400 problem naming the row and feature, never a 500.</summary>
public class BadInputTests : ServerTestBase
{
    private const string Shapes =
        "an array of rows [{...}], {\"rows\": [...]}, columns {\"feature\": [...]}, or MLflow's {\"dataframe_split\": ...}, {\"dataframe_records\": [...]} or {\"inputs\": ...}";

    [TestCase("""[{"age": 30, "sex": "Male"}, {"sex": "Male"}]""", "row 1: feature 'age' is missing (send null for a missing value)", "rows[1].age")]
    [TestCase("""[{"income": ">50K"}]""", "row 0: features 'age', 'sex' are missing (send null for a missing value)", "rows[0].age")]
    [TestCase("""[{"Age": 30, "sex": "Male"}]""", "row 0: feature 'age' is missing (send null for a missing value); the row has 'Age', and names are case-sensitive", "rows[0].age")]
    [TestCase("""[{"age": "30", "sex": "Male"}]""", "row 0: feature 'age' must be a number or null, found string \"30\"", "rows[0].age")]
    [TestCase("""{"rows": [{"age": 1, "sex": "a"}, {"age": 1, "sex": "a"}, {"age": 1, "sex": "a"}, {"age": "abc", "sex": "a"}]}""", "row 3: feature 'age' must be a number or null, found string \"abc\"", "rows[3].age")]
    [TestCase("""[{"age": true, "sex": "Male"}]""", "row 0: feature 'age' must be a number or null, found boolean true", "rows[0].age")]
    [TestCase("""[{"age": 1e400, "sex": "Male"}]""", "row 0: feature 'age' must be a finite number, found number 1e400", "rows[0].age")]
    [TestCase("""[{"age": 30, "sex": ["Male"]}]""", "row 0: feature 'sex' must be a string or null, found an array", "rows[0].sex")]
    [TestCase("""[{"age": 30, "sex": {"v": 1}}]""", "row 0: feature 'sex' must be a string or null, found an object", "rows[0].sex")]
    [TestCase("""[{"age": 30, "sex": false}]""", "row 0: feature 'sex' must be a string or null, found boolean false", "rows[0].sex")]
    [TestCase("""[{"age": 30, "sex": "a"}, 42]""", "row 1: expected an object of feature values, found number 42", "rows[1]")]
    [TestCase("""[null]""", "row 0: expected an object of feature values, found null", "rows[0]")]
    [TestCase("""[]""", "no rows to score", "rows")]
    [TestCase("""{"rows": []}""", "no rows to score", "rows")]
    [TestCase("""{"rows": "age=1"}""", "\"rows\" must be an array of row objects, found string \"age=1\"", "rows")]
    [TestCase("""{"data": []}""", "the body must be " + Shapes + "; found an object with keys 'data' and no feature of the model", null)]
    [TestCase("""42""", "the body must be " + Shapes + "; found number 42", null)]
    public async Task Bad_rows_are_400_naming_row_and_feature(string body, string detail, string? field)
    {
        var url = await Start(new FakeBinaryModel());
        var reply = await Post(url, body);
        Assert.That(AssertProblem(reply, HttpStatusCode.BadRequest, "invalid input", field), Is.EqualTo(detail));
    }

    [TestCase("""[{"age": 30,""", "malformed JSON at line 1, byte 12: ")]
    [TestCase("[\n  {\"age\": 30 \"sex\": \"a\"}\n]", "malformed JSON at line 2, byte 14: ")]
    [TestCase("""[{'age': 30}]""", "malformed JSON at line 1, byte 3: ")]
    [TestCase("", "malformed JSON at line 1, byte 1: ")]
    public async Task Malformed_JSON_is_400_saying_where(string body, string detail)
    {
        var url = await Start(new FakeBinaryModel());
        var reply = await Post(url, body);
        var text = AssertProblem(reply, HttpStatusCode.BadRequest, "invalid input");
        Assert.That(text, Does.StartWith(detail));
        Assert.That(text, Does.Not.Contain("LineNumber"), "the reader's 0-based position is restated 1-based, not repeated");
    }

    [Test]
    public async Task Invalid_UTF8_is_400()
    {
        var url = await Start(new FakeBinaryModel());
        var content = new ByteArrayContent([(byte)'[', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)']']);
        content.Headers.ContentType = new("application/json");
        var reply = await Send(url, content);
        Assert.That(AssertProblem(reply, HttpStatusCode.BadRequest, "invalid input"),
            Is.EqualTo("the body is not valid UTF-8 (first bad byte at line 1, byte 3)"));
    }

    [Test]
    public async Task A_UTF8_byte_order_mark_is_accepted()
    {
        var url = await Start(new FakeBinaryModel());
        var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. """[{"age": 30, "sex": "Male"}]"""u8.ToArray()]);
        content.Headers.ContentType = new("application/json");
        var reply = await Send(url, content);
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.Text);
    }

    [Test]
    public async Task The_models_own_input_error_is_400_with_its_message()
    {
        var model = new FakeBinaryModel();
        var url = await Start(model);
        model.Override = _ => throw new InvalidInputException("column 'sex' has category 'x' the model never saw");

        var reply = await Post(url, """[{"age": 1, "sex": "x"}]""");

        Assert.That(AssertProblem(reply, HttpStatusCode.BadRequest, "invalid input"), Is.EqualTo("column 'sex' has category 'x' the model never saw"));
    }

    [Test]
    public async Task The_server_keeps_serving_after_bad_requests()
    {
        var url = await Start(new FakeBinaryModel());
        Assert.That((await Post(url, "[{")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Post(url, "[]")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        var ok = await Post(url, """[{"age": 50, "sex": "Male"}]""", "application/json; charset=utf-8");
        Assert.That(ok.Status, Is.EqualTo(HttpStatusCode.OK), ok.Text);
    }

    [Test]
    public async Task Other_methods_and_paths_are_not_served()
    {
        var url = await Start(new FakeBinaryModel());
        Assert.That((await Http.GetAsync(url + "/score")).StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That((await Http.PostAsync(url + "/predict", new StringContent("[]", Encoding.UTF8, "application/json"))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
