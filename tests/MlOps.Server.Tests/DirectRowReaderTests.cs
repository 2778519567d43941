using System.Text;
using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Server.Tests;

/// <summary>
/// The direct reader is the fast path for row bodies: whatever it returns must be exactly the table the general
/// reader makes of the same body (or the client would get different predictions depending on which path ran), and
/// whatever the general reader refuses or reads differently it must leave to it (null), so errors stay the same.
/// </summary>
public class DirectRowReaderTests
{
    private static readonly ModelCard Card = new("income", "onnx", "model.onnx", ModelTask.BinaryClassification, "income", ">50K",
        ["<=50K", ">50K"],
        [new FeatureInfo("age", ColumnKind.Numeric), new FeatureInfo("sex", ColumnKind.Categorical), new FeatureInfo("zip\"code", ColumnKind.Categorical)]);

    [TestCase("""[{"age": 30, "sex": "Male", "zip\"code": "02139"}]""")]
    [TestCase("""{"rows": [{"age": 30, "sex": "Male", "zip\"code": "02139"}, {"age": null, "sex": null, "zip\"code": null}]}""")]
    [TestCase("""{"dataframe_records": [{"zip\"code": 2139, "sex": " Female ", "age": -1.5e2}]}""")]
    [TestCase("""{"inputs": [{"age": 0, "sex": "", "zip\"code": "   "}]}""")]
    [TestCase(""" [ {"age":1e-3,"sex":"\u004dale","zip\u0022code":1e400} ] """)]
    [TestCase("""[{"age": 12345678901234567890, "sex": "Ma\tle", "zip\"code": 1.50}, {"sex": "é – ü", "zip\"code": 7, "age": 3}]""")]
    // Braces inside strings make the reader reserve more rows than come: the columns must still be as long as the rows.
    [TestCase("""{"rows": [{"age": 30, "sex": "{Male}", "zip\"code": "{{}"}, {"age": 31, "sex": "{", "zip\"code": "{"}]}""")]
    // As short as rows get: the reader's bound on the rows from the body's length must still hold them all.
    [TestCase("""[{"age":1,"sex":1,"zip\"code":1},{"age":2,"sex":2,"zip\"code":2},{"age":3,"sex":3,"zip\"code":3}]""")]
    // Whole numbers on either side of the reader's plain-digits shortcut (at most 15 digits, no sign or fraction).
    [TestCase("""[{"age":0,"sex":0,"zip\"code":0},{"age":999999999999999,"sex":1,"zip\"code":1},{"age":1000000000000001,"sex":2,"zip\"code":2},{"age":-0,"sex":3,"zip\"code":3},{"age":-42,"sex":4,"zip\"code":4},{"age":42.0,"sex":5,"zip\"code":5}]""")]
    public void Common_bodies_are_read_directly_into_the_table_the_general_reader_makes(string body)
    {
        var direct = DirectRowReader.TryRead(Encoding.UTF8.GetBytes(body), Card, maxRows: 100);

        Assert.That(direct, Is.Not.Null, "this body is one the fast path is for");
        AssertSame(direct!, General(body));
    }

    [TestCase("""[{"age": 30, "sex": "Male", "zip\"code": "1", "id": 7}]""", TestName = "an extra key")]
    [TestCase("""[{"age": 30, "sex": "Male"}]""", TestName = "a missing key")]
    [TestCase("""[{"age": 30, "sex": "Male", "zip\"code": "1", "age": 31}]""", TestName = "a repeated key")]
    [TestCase("""[{"age": "30", "sex": "Male", "zip\"code": "1"}]""", TestName = "a number as a string")]
    [TestCase("""[{"age": 1e400, "sex": "Male", "zip\"code": "1"}]""", TestName = "a number no double holds")]
    [TestCase("""[{"age": 30, "sex": true, "zip\"code": "1"}]""", TestName = "a boolean category")]
    [TestCase("""[{"age": 30, "sex": ["Male"], "zip\"code": "1"}]""", TestName = "an array value")]
    [TestCase("""[{"age": 30, "sex": "Male", "zip\"code": "1"}] x""", TestName = "trailing text")]
    [TestCase("""[{"age": 30, "sex": "Male", "zip\"code": "1"},]""", TestName = "a trailing comma")]
    [TestCase("""{"rows": [{"age": 30, "sex": "Male", "zip\"code": "1"}], "inputs": []}""", TestName = "two wrappers")]
    [TestCase("""{"dataframe_records": [{"age": 30, "sex": "Male", "zip\"code": "1"}], "params": {}}""", TestName = "a wrapper and another key")]
    [TestCase("""[]""", TestName = "no rows")]
    [TestCase("""[42]""", TestName = "a row that is no object")]
    [TestCase("""{"age": [30], "sex": ["Male"], "zip\"code": ["1"]}""", TestName = "columns")]
    [TestCase("""[{"age": 1, "sex": "a", "zip\"code": "1"}, {"age": 2, "sex": "b", "zip\"code": "2"}, {"age": 3, "sex": "c", "zip\"code": "3"}]""", TestName = "more rows than allowed")]
    public void Bodies_it_does_not_take_as_they_are_are_left_to_the_general_reader(string body) =>
        Assert.That(DirectRowReader.TryRead(Encoding.UTF8.GetBytes(body), Card, maxRows: 2), Is.Null);

    [Test]
    public void Random_row_bodies_give_the_general_readers_table_or_are_left_to_it()
    {
        var random = new Random(20261123);
        var direct = 0;
        for (var i = 0; i < 3000; i++)
        {
            var body = RandomBody(random);
            var table = DirectRowReader.TryRead(Encoding.UTF8.GetBytes(body), Card, maxRows: 50);
            Table? general;
            try
            {
                general = General(body, maxRows: 50);
            }
            catch (BadRequestException)
            {
                general = null;
            }
            if (table is null) continue;
            direct++;
            Assert.That(general, Is.Not.Null, $"the general reader refuses {body}; the direct one must too");
            AssertSame(table, general!, body);
        }
        // Most random bodies are valid rows: the fast path must really take them, or it is no fast path.
        Assert.That(direct, Is.GreaterThan(1000));
    }

    [Test]
    public void More_distinct_categories_than_the_cache_holds_are_still_read_as_sent()
    {
        var rows = Enumerable.Range(0, CategoryCache.Capacity + 500).Select(i => $$"""{"age": {{i}}, "sex": "s{{i}}", "zip\"code": " {{i % 3}} "}""");
        var body = "[" + string.Join(",", rows) + "]";

        var table = DirectRowReader.TryRead(Encoding.UTF8.GetBytes(body), Card, maxRows: 100_000)!;

        Assert.That(table["sex"].Strings, Is.EqualTo(Enumerable.Range(0, CategoryCache.Capacity + 500).Select(i => $"s{i}")));
        Assert.That(table["zip\"code"].Strings.Take(4), Is.EqualTo(new[] { "0", "1", "2", "0" }));
        AssertSame(table, General(body, maxRows: 100_000));
    }

    private static Table General(string body, int maxRows = 100)
    {
        using var document = RequestBody.Parse(Encoding.UTF8.GetBytes(body));
        return ScoreRequestReader.Read(document.RootElement, Card, maxRows);
    }

    private static void AssertSame(Table actual, Table expected, string? body = null)
    {
        Assert.That(actual.RowCount, Is.EqualTo(expected.RowCount), body);
        foreach (var feature in Card.Features)
        {
            var (a, e) = (actual[feature.Name], expected[feature.Name]);
            Assert.That(a.Kind, Is.EqualTo(e.Kind), body);
            // NUnit counts NaN equal to NaN: a missing number must be missing in both.
            Assert.That(a.Numbers, Is.EqualTo(e.Numbers), $"{feature.Name} in {body}");
            Assert.That(a.Strings, Is.EqualTo(e.Strings), $"{feature.Name} in {body}");
        }
    }

    /// <summary>Rows with mostly valid, sometimes odd values: escapes, padding, numbers as categories, extra or missing keys.</summary>
    private static string RandomBody(Random random)
    {
        string[] numbers = ["0", "-0", "30", "1.5", "1e3", "-2.5E-3", "null", "12345678901234567890123"];
        string[] categories = ["\"Male\"", "\" Female \"", "\"\"", "\"  \"", "null", "\"\\u004dale\"", "\"a\\\"b\"", "\"é\"", "7", "0.10", "1e400", "\"\\t x \\n\""];
        // Now and then a value the general reader refuses (in a numeric column or in any).
        string[] refused = ["1e400", "\"30\"", "true", "{}", "[1]"];
        string Value(string[] usual) => random.Next(100) == 0 ? refused[random.Next(refused.Length)] : usual[random.Next(usual.Length)];
        var rows = Enumerable.Range(0, random.Next(1, 20)).Select(_ =>
        {
            var members = new List<string>
            {
                $"\"age\": {Value(numbers)}",
                $"\"sex\": {Value(categories)}",
                $"\"zip\\\"code\": {Value(categories)}",
            };
            if (random.Next(200) == 0) members.Add("\"id\": 1");
            if (random.Next(200) == 0) members.RemoveAt(random.Next(members.Count));
            if (random.Next(200) == 0) members.Add(members[0]);
            if (random.Next(4) == 0) members = [.. members.OrderBy(_ => random.Next())];
            return "{" + string.Join(random.Next(2) == 0 ? "," : " ,\n ", members) + "}";
        });
        var array = "[" + string.Join(",", rows) + "]";
        return random.Next(4) switch
        {
            0 => array,
            1 => $"{{\"rows\": {array}}}",
            2 => $"{{\"dataframe_records\": {array}}}",
            _ => $"{{\"inputs\": {array}}}",
        };
    }
}
