using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace MlOps.Server;

/// <summary>
/// Checks a request's media type and size, then parses its body as JSON. Every way a body can be wrong becomes a
/// <see cref="BadRequestException"/> with the right status, so a client bug is never reported as a server fault.
/// </summary>
public static class RequestBody
{
    /// <summary>
    /// The body's bytes, checked for media type, size and UTF-8 (a byte order mark dropped), not yet parsed. The caller
    /// disposes it once done with the bytes.
    /// </summary>
    public static async Task<PooledBody> ReadAsync(HttpRequest request, long maxBytes)
    {
        CheckMediaType(request.ContentType);
        // A declared length over the limit is refused before a byte is read; a chunked body is cut off while read.
        if (request.ContentLength > maxBytes)
            throw TooLarge(maxBytes);
        var body = await ReadAllAsync(request, maxBytes);
        try
        {
            // Some clients (PowerShell, .NET's Encoding.UTF8) prefix a byte order mark; the parser does not skip it.
            if (body.Bytes.Span.StartsWith("\uFEFF"u8)) body.Skip(3);
            // JsonDocument checks UTF-8 only when a string is read, which would fail deep inside the row mapping;
            // checking the whole body here gives one clear 400 with a position.
            var bytes = body.Bytes.Span;
            if (!Utf8.IsValid(bytes))
                throw new BadRequestException($"the body is not valid UTF-8 (first bad byte at line {Where(bytes, FirstInvalidByte(bytes))})");
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>Parses a body from <see cref="ReadAsync"/>; malformed JSON is a 400 with its line and byte.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            // JsonException counts lines and bytes from 0; editors and people count from 1.
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            throw new BadRequestException($"malformed JSON at line {line}, byte {column}: {FirstSentence(e.Message)}");
        }
    }

    /// <summary>
    /// The whole body, at most <paramref name="maxBytes"/> of payload. Counted here rather than left to Kestrel's
    /// MaxRequestBodySize because Kestrel counts chunked framing too, which would refuse a chunked body under the limit.
    /// </summary>
    private static async Task<PooledBody> ReadAllAsync(HttpRequest request, long maxBytes)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
            kestrelLimit.MaxRequestBodySize = null;
        // One byte more than declared, so the read that finds the end needs no larger buffer.
        var body = new PooledBody(Math.Min((request.ContentLength ?? 16 * 1024) + 1, maxBytes + 1));
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(body.Free(), request.HttpContext.RequestAborted)) > 0)
            {
                body.Advance(read);
                if (body.Length > maxBytes) throw TooLarge(maxBytes);
            }
            return body;
        }
        catch (BadHttpRequestException e)
        {
            body.Dispose();
            // Truncated or malformed framing (e.g. a body shorter than its Content-Length): still the client's doing.
            throw e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(maxBytes)
                : new BadRequestException($"the request body could not be read: {e.Message}", status: e.StatusCode);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (at < bytes.Length && Rune.DecodeFromUtf8(bytes[at..], out _, out var length) == OperationStatus.Done)
            at += length;
        return at;
    }

    /// <summary>"LINE, byte COLUMN", both 1-based, for a byte offset.</summary>
    private static string Where(ReadOnlySpan<byte> bytes, int offset)
    {
        var before = bytes[..offset];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return $"{before.Count((byte)'\n') + 1}, byte {offset - lineStart + 1}";
    }

    private static void CheckMediaType(string? contentType)
    {
        if (contentType is null)
            throw new BadRequestException("Content-Type is missing; send the rows as application/json", status: StatusCodes.Status415UnsupportedMediaType);
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            throw new BadRequestException($"Content-Type must be application/json, not '{contentType}'", status: StatusCodes.Status415UnsupportedMediaType);
        // The parser reads UTF-8 only; a body in another charset would fail later with a confusing JSON error.
        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            throw new BadRequestException($"charset '{media.Charset}' is not supported; send UTF-8", status: StatusCodes.Status415UnsupportedMediaType);
    }

    private static BadRequestException TooLarge(long maxBytes) =>
        new($"the body is larger than {maxBytes} bytes; send fewer rows per request", status: StatusCodes.Status413PayloadTooLarge);

    /// <summary>The reader's message ends with its own 0-based "LineNumber: .. | BytePositionInLine: .." which we restate.</summary>
    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd().TrimEnd('.');
    }
}
