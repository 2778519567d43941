using System.Net;
using System.Text;

namespace MlOps.Server.Tests;

public class BodyLimitTests : ServerTestBase
{
    private const int MaxBytes = 200;
    private static readonly ScoringServerOptions Small = new(MaxBodyBytes: MaxBytes, MaxRows: 2);

    /// <summary>A valid body of exactly <paramref name="bytes"/> bytes (padded with whitespace, which JSON ignores).</summary>
    private static string BodyOf(int bytes)
    {
        var json = """[{"age": 30, "sex": "Male"}]""";
        return json + new string(' ', bytes - json.Length);
    }

    [Test]
    public async Task More_rows_than_MaxRows_is_400_and_MaxRows_is_accepted()
    {
        var url = await Start(new FakeBinaryModel(), Small);
        var row = """{"age":1,"sex":"a"}""";

        var tooMany = await Post(url, $"[{row},{row},{row}]");
        Assert.That(AssertProblem(tooMany, HttpStatusCode.BadRequest, "invalid input", "rows"),
            Is.EqualTo("3 rows in one request; at most 2 are accepted"));
        var enough = await Post(url, $"[{row},{row}]");
        Assert.That(enough.Body.GetProperty("predictions").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_body_one_byte_over_the_limit_is_413_and_one_at_the_limit_is_scored()
    {
        var url = await Start(new FakeBinaryModel(), Small);

        var over = await Post(url, BodyOf(MaxBytes + 1));
        Assert.That(AssertProblem(over, HttpStatusCode.RequestEntityTooLarge, "body too large"), Does.Contain("larger than 200 bytes"));

        var at = await Post(url, BodyOf(MaxBytes));
        Assert.That(at.Status, Is.EqualTo(HttpStatusCode.OK), at.Text);
    }

    [Test]
    public async Task A_chunked_body_over_the_limit_is_413_too()
    {
        // No Content-Length to check up front: Kestrel's own limit has to stop it while it is read.
        var url = await Start(new FakeBinaryModel(), Small);

        var at = await Send(url, new StringContent(BodyOf(MaxBytes), new UTF8Encoding(false), "application/json"), chunked: true);
        Assert.That(at.Status, Is.EqualTo(HttpStatusCode.OK), at.Text);

        var over = await Send(url, new StringContent(BodyOf(MaxBytes + 1), new UTF8Encoding(false), "application/json"), chunked: true);
        Assert.That(AssertProblem(over, HttpStatusCode.RequestEntityTooLarge, "body too large"), Does.Contain("larger than 200 bytes"));
    }

    [TestCase("text/plain", "Content-Type must be application/json, not 'text/plain'")]
    [TestCase("application/x-www-form-urlencoded", "Content-Type must be application/json, not 'application/x-www-form-urlencoded'")]
    [TestCase("application/jsonl", "Content-Type must be application/json, not 'application/jsonl'")]
    public async Task Another_media_type_is_415(string mediaType, string detail)
    {
        var url = await Start(new FakeBinaryModel());
        var reply = await Post(url, """[{"age": 30, "sex": "Male"}]""", mediaType);
        Assert.That(AssertProblem(reply, HttpStatusCode.UnsupportedMediaType, "unsupported media type"), Is.EqualTo(detail));
    }

    [Test]
    public async Task No_content_type_or_a_charset_other_than_UTF8_is_415()
    {
        var url = await Start(new FakeBinaryModel());
        var bare = new ByteArrayContent("""[{"age": 30, "sex": "Male"}]"""u8.ToArray());
        Assert.That(AssertProblem(await Send(url, bare), HttpStatusCode.UnsupportedMediaType, "unsupported media type"),
            Does.StartWith("Content-Type is missing"));

        var utf16 = new StringContent("""[{"age": 30, "sex": "Male"}]""", Encoding.Unicode, "application/json");
        Assert.That(AssertProblem(await Send(url, utf16), HttpStatusCode.UnsupportedMediaType, "unsupported media type"),
            Is.EqualTo("charset 'utf-16' is not supported; send UTF-8"));
    }
}
