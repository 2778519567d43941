using System.Collections.Concurrent;
using System.Text;

namespace MlOps.Server;

/// <summary>
/// One string per distinct category value of a feature, shared by all requests: a category column repeats a few
/// values ("Private", "Male") on every row, and decoding the UTF-8 into a stack buffer and finding the string made
/// before costs a fraction of allocating a new one for each value. Bounded, so a client sending random strings
/// grows it no further than <see cref="Capacity"/> values; past that, values are allocated as usual.
/// </summary>
internal sealed class CategoryCache
{
    public const int Capacity = 4096;

    /// <summary>Longer values are rare for categories and are simply allocated.</summary>
    private const int MaxChars = 128;

    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    // Counted here: ConcurrentDictionary.Count takes every lock of the dictionary.
    private int _count;

    public CategoryCache() => _bySpan = _values.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The category of an unescaped JSON string's UTF-8 bytes, as <see cref="CategoryText.OfString"/> makes it.</summary>
    public string? Of(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxChars) return CategoryText.OfString(Encoding.UTF8.GetString(utf8));
        Span<char> chars = stackalloc char[MaxChars];
        var text = chars[..Encoding.UTF8.GetChars(utf8, chars)];
        // Trimmed and blank exactly as string.Trim and string.IsNullOrWhiteSpace have it (both use char.IsWhiteSpace).
        var trimmed = text.Trim();
        if (trimmed.IsEmpty) return null;
        if (_bySpan.TryGetValue(trimmed, out var known)) return known;
        var value = trimmed.ToString();
        if (Volatile.Read(ref _count) < Capacity && _values.TryAdd(value, value)) Interlocked.Increment(ref _count);
        return value;
    }
}
