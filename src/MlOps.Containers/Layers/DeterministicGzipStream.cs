using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace MlOps.Containers.Layers;

/// <summary>
/// A gzip member (RFC 1952) whose header never varies: no file name, mtime 0, OS "unknown" (255). GZipStream takes
/// its header from zlib, whose OS byte differs between Linux and Windows builds, so the same layer would get another
/// digest on another machine; writing the 10-byte header and the CRC-32/size trailer here around a raw deflate
/// stream keeps the bytes equal wherever the deflate output is.
/// <para>
/// The deflate stream is made of fixed-size blocks of input compressed on all cores at once (as pigz does): each block
/// is deflated on its own and ends in a sync flush, so the pieces join into one valid stream. Block boundaries depend
/// on byte offsets only, never on the number of cores or timing, so the bytes stay the same on every machine. The app
/// layer, the slow part of a build, is compressed on every core instead of one, for under 0.1 % in size (each block
/// starts without the previous 32 KB as dictionary; LayerWriterTests checks the bound).
/// </para>
/// </summary>
internal sealed class DeterministicGzipStream : Stream
{
    /// <summary>Input bytes per independently deflated block; part of <see cref="LayerContent.FormatVersion"/>.</summary>
    internal const int BlockSize = 4 << 20;

    private static readonly byte[] Header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    private readonly Stream _output;
    private readonly int _level;
    private readonly Crc32 _crc = new();
    private readonly Queue<Task<byte[]>> _pending = new();
    private readonly int _maxPending = Math.Max(2, 2 * Environment.ProcessorCount);
    private byte[] _block = new byte[BlockSize];
    private int _filled;
    private long _length;
    private bool _finished;

    public DeterministicGzipStream(Stream output, int level)
    {
        _output = output;
        _level = level;
        _output.Write(Header);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _crc.Append(buffer);
        _length += buffer.Length;
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, BlockSize - _filled);
            buffer[..take].CopyTo(_block.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == BlockSize) Submit(final: false);
        }
    }

    /// <summary>Compresses the last block, writes every block in order and then the trailer; the output stream stays open.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        Submit(final: true);
        while (_pending.Count > 0) WriteOldest();
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)_length)); // ISIZE is the length mod 2^32
        _output.Write(trailer);
    }

    private void Submit(bool final)
    {
        var (data, count, level) = (_block, _filled, _level);
        _pending.Enqueue(Task.Run(() => Deflate(data, count, level, final)));
        _block = final ? [] : new byte[BlockSize];
        _filled = 0;
        // Bounded: at most a few blocks per core are in memory, however large the layer.
        while (_pending.Count > _maxPending) WriteOldest();
    }

    private void WriteOldest() => _output.Write(_pending.Dequeue().GetAwaiter().GetResult());

    /// <summary>
    /// Raw deflate of one block. A middle block ends with a sync flush (byte-aligned, not final) and nothing after it;
    /// the last block ends the stream.
    /// </summary>
    private static byte[] Deflate(byte[] data, int count, int level, bool final)
    {
        using var buffer = new MemoryStream(count / 2 + 64);
        var deflate = new DeflateStream(buffer, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
        deflate.Write(data, 0, count);
        if (final)
        {
            deflate.Dispose();
            return buffer.ToArray();
        }
        deflate.Flush();
        var flushed = (int)buffer.Length;
        deflate.Dispose(); // appends the final empty block, which a middle block must not carry: cut off below
        return buffer.GetBuffer().AsSpan(0, flushed).ToArray();
    }

    /// <summary>Nothing to do: blocks are written when complete, at fixed offsets, so a flush cannot change the bytes.</summary>
    public override void Flush()
    {
    }

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
