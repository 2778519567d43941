using System.Buffers;

namespace MlOps.Server;

/// <summary>
/// A request body held in an array rented from the shared pool, returned on dispose. A 1,000-row body is ~300 KB, an
/// array the GC would put on the large-object heap, which only a full collection frees: allocating one per request
/// made the server spend more time collecting than reading JSON. Whatever is read from <see cref="Bytes"/> must be
/// copied out (the readers do) or released (a JsonDocument over it) before disposal.
/// </summary>
public sealed class PooledBody : IDisposable
{
    /// <summary>
    /// Larger buffers are left to the GC rather than kept in the pool: a few multi-megabyte bodies must not pin that
    /// much memory for the life of the server. Common bodies (1,000 rows is ~300 KB) are well under it.
    /// </summary>
    public const int MaxPooledBytes = 1 << 20;

    private byte[] _buffer;
    private int _length;
    private int _start;

    /// <param name="capacity">Expected size; the buffer grows past it as needed.</param>
    internal PooledBody(long capacity) => _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(capacity, 1, Array.MaxLength));

    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(_start, _length - _start);

    public int Length => _length - _start;

    /// <summary>Room for the next read, the buffer doubled when full.</summary>
    internal Memory<byte> Free()
    {
        if (_length == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_buffer.Length * 2L, Array.MaxLength));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            Release(_buffer);
            _buffer = larger;
        }
        return _buffer.AsMemory(_length);
    }

    internal void Advance(int read) => _length += read;

    /// <summary>Drops leading bytes (a byte order mark).</summary>
    internal void Skip(int bytes) => _start += bytes;

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        Release(_buffer);
        _buffer = [];
        _length = _start = 0;
    }

    private static void Release(byte[] buffer)
    {
        if (buffer.Length <= MaxPooledBytes) ArrayPool<byte>.Shared.Return(buffer);
    }
}
