using System.Text;

namespace MlOps.Server.Tests;

/// <summary>
/// Seeded generator of request bodies that are wrong by construction (each kind can never produce a valid request for
/// <see cref="FakeBinaryModel"/>), so any answer but a 4xx problem is a server bug, not a lucky valid body.
/// </summary>
internal sealed class BadBodyFuzzer(int seed, int maxBodyBytes)
{
    public sealed record Case(string Kind, byte[] Body, string? ContentType);

    private readonly Random _random = new(seed);

    private static readonly string[] Valid =
    [
        """[{"age": 30, "sex": "Male"}, {"age": null, "sex": "Female"}]""",
        """{"rows": [{"age": 30, "sex": "Male"}]}""",
        """{"age": [30, 40], "sex": ["Male", null]}""",
        """{"dataframe_split": {"columns": ["age", "sex"], "data": [[30, "Male"], [null, "Female"]]}}""",
        """{"dataframe_records": [{"age": 30, "sex": "Male"}]}""",
        """{"inputs": {"age": [30], "sex": ["Male"]}}""",
        """{"inputs": [{"age": 30, "sex": "Male"}]}""",
    ];

    /// <summary>Values no numeric feature accepts (the fake's "age").</summary>
    private static readonly string[] NotANumber =
    [
        "\"30\"", "true", "false", "[]", "[30]", "{}", "{\"v\": 1}", "\"NaN\"", "\"\"", "1e400", "-1e999",
        "1" + new string('0', 400), "\"Infinity\"",
    ];

    /// <summary>Values no categorical feature accepts (the fake's "sex").</summary>
    private static readonly string[] NotACategory = ["true", "false", "[]", "[\"Male\"]", "{}", "{\"a\": \"b\"}"];

    /// <summary>Bodies that are JSON but no accepted shape, or an accepted shape with nothing valid to score.</summary>
    private static readonly string[] WrongShapes =
    [
        "42", "\"rows\"", "null", "true", "[]", "{}", "[[30, \"Male\"]]", "[42]", "[null]", "{\"rows\": {}}", "{\"rows\": []}",
        "{\"data\": [[30, \"Male\"]]}", "{\"dataframe_split\": []}", "{\"dataframe_split\": {\"columns\": [\"age\"], \"data\": [[1]]}}",
        "{\"dataframe_split\": {\"columns\": [\"age\", \"sex\"], \"data\": [[1]]}}", "{\"dataframe_split\": {\"columns\": \"age\", \"data\": []}}",
        "{\"dataframe_records\": 1}", "{\"inputs\": \"x\"}", "{\"inputs\": [[1, \"a\"]]}", "{\"inputs\": {\"age\": [1]}}",
        "{\"age\": [1, 2], \"sex\": [\"a\"]}", "{\"age\": 1, \"sex\": \"a\"}", "{\"inputs\": [], \"rows\": []}",
        "[{\"Age\": 1, \"sex\": \"a\"}]", "[{\"age\": 1}]", "{\"age\": [], \"sex\": []}",
    ];

    private static readonly string?[] WrongContentTypes =
    [
        null, "text/plain", "application/xml", "text/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=latin1", "application/json; charset=utf-16", "application", "*/*", ";;;",
    ];

    public Case Next() => _random.Next(10) switch
    {
        0 => Truncated(),
        1 => new("wrong number", Utf8($$"""[{"age": {{Pick(NotANumber)}}, "sex": "Male"}]"""), "application/json"),
        2 => new("wrong category", Utf8($$$"""{"dataframe_split": {"columns": ["sex", "age"], "data": [[{{{Pick(NotACategory)}}}, 1]]}}"""), "application/json"),
        3 => Deep(),
        4 => new("wrong shape", Utf8(Pick(WrongShapes)), "application/json"),
        5 => BadUtf8(),
        6 => new("content type", Utf8(Pick(Valid)), Pick(WrongContentTypes)),
        7 => RandomBytes(),
        8 => Oversized(),
        _ => new("not JSON", Utf8(Pick(["NaN", "[NaN]", "[{'age': 1}]", "{age: 1}", "[1,]", "[{\"age\": 1 \"sex\": 2}]", "\u0000", "[\"\\x\"]", "01", "[.5]"])), "application/json"),
    };

    /// <summary>Every accepted body starts with '[' or '{', so any strict prefix leaves a bracket open.</summary>
    private Case Truncated()
    {
        var body = Pick(Valid);
        return new("truncated", Utf8(body[.._random.Next(body.Length - 1)]), "application/json");
    }

    /// <summary>Past the parser's depth limit of 64, in arrays or objects, sometimes inside a valid row.</summary>
    private Case Deep()
    {
        var depth = _random.Next(65, 5000);
        var nested = _random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        return new("deep", Utf8(_random.Next(2) == 0 ? nested : $$"""[{"age": 1, "sex": {{nested}}}]"""), "application/json");
    }

    /// <summary>A byte no UTF-8 text can hold (lone continuation, overlong lead, 0xFF) inside a category string.</summary>
    private Case BadUtf8()
    {
        byte[] bad = Pick<byte[]>([[0x80], [0xC3, 0x28], [0xFF], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]]);
        return new("bad UTF-8", [.. Utf8("""[{"age": 1, "sex": "M"""), .. bad, .. Utf8("""le"}]""")], "application/json");
    }

    /// <summary>Random bytes after a '{' so they are never a complete JSON value.</summary>
    private Case RandomBytes()
    {
        var bytes = new byte[_random.Next(1, 300)];
        _random.NextBytes(bytes);
        return new("random bytes", [(byte)'{', .. bytes], "application/json");
    }

    private Case Oversized()
    {
        var row = """{"age": 30, "sex": "Male"},""";
        var body = "[" + string.Concat(Enumerable.Repeat(row, maxBodyBytes / row.Length + 1)) + """{"age": 1, "sex": "x"}]""";
        return new("oversized", Utf8(body), "application/json");
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
