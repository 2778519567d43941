using System.Net.Sockets;
using System.Text;

/// <summary>Reads one HTTP/1.1 response (Content-Length or chunked) into a reused buffer without allocating.</summary>
sealed class ResponseReader
{
    private readonly byte[] _buffer = new byte[1 << 20];

    /// <summary>True for a 2xx status.</summary>
    public bool Read(Socket socket)
    {
        var length = 0;
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
            length += Receive(socket, length);
        var header = _buffer.AsSpan(0, headerEnd);
        var ok = header.StartsWith("HTTP/1.1 2"u8);
        var bodyStart = headerEnd + 4;
        if (ContentLength(header) is { } contentLength)
            while (length < bodyStart + contentLength) length += Receive(socket, length);
        else // chunked: one request in flight, so the answer ends with the last, empty chunk
            while (!_buffer.AsSpan(bodyStart, length - bodyStart).EndsWith("0\r\n\r\n"u8)) length += Receive(socket, length);
        return ok;
    }

    private static int? ContentLength(ReadOnlySpan<byte> header)
    {
        var name = "\r\ncontent-length:"u8;
        for (var at = 0; at + name.Length <= header.Length; at++)
        {
            if (!Ascii.EqualsIgnoreCase(header.Slice(at, name.Length), name)) continue;
            var value = 0;
            foreach (var b in header[(at + name.Length)..])
            {
                if (b == ' ') continue;
                if (b is < (byte)'0' or > (byte)'9') break;
                value = value * 10 + (b - '0');
            }
            return value;
        }
        return null;
    }

    private int Receive(Socket socket, int offset)
    {
        var n = socket.Receive(_buffer.AsSpan(offset));
        return n > 0 ? n : throw new IOException("the server closed the connection");
    }
}
