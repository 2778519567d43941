using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace MlOps.Containers.Layers;

/// <summary>
/// A gzip member (RFC 1952) whose header never varies: no file name, mtime 0, OS "unknown" (255). GZipStream takes
/// its header from zlib, whose OS byte differs between Linux and Windows builds, so the same layer would get another
/// digest on another machine; writing the 10-byte header and the CRC-32/size trailer here around a raw deflate
/// stream keeps the bytes equal wherever the deflate output is.
/// </summary>
internal sealed class DeterministicGzipStream : Stream
{
    private static readonly byte[] Header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    private readonly Stream _output;
    private readonly DeflateStream _deflate;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _finished;

    public DeterministicGzipStream(Stream output, int level)
    {
        _output = output;
        _output.Write(Header);
        _deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _crc.Append(buffer);
        _length += buffer.Length;
        _deflate.Write(buffer);
    }

    /// <summary>Ends the deflate stream and writes the trailer; the output stream stays open.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        _deflate.Dispose();
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)_length)); // ISIZE is the length mod 2^32
        _output.Write(trailer);
    }

    public override void Flush() => _deflate.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Finish();
        base.Dispose(disposing);
    }
}
