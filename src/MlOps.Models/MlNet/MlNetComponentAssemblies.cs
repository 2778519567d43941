using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MlOps.Core.Errors;

namespace MlOps.Models.MlNet;

/// <summary>
/// The assemblies an ML.NET model.zip needs loaded, read from the model itself: every part (a <c>Model.key</c> entry)
/// starts with ML.NET's 256-byte model header, which locates the fully qualified name of the assembly whose loader
/// reads the part; ML.NET's ComponentCatalog loads each by that name when the model is opened, so no assembly
/// reference leads to them. A container image's app layer needs exactly these beside what the server references.
/// </summary>
public static class MlNetComponentAssemblies
{
    private const int HeaderSize = 0x100;
    private const int AssemblyNameOffset = 0x90; // int64: where the name starts, from the header's first byte
    private const int AssemblyNameBytes = 0x98;  // uint32: its length in bytes (UTF-16); 0 when the part names none
    private static readonly byte[] Signature = "ML\0MODEL"u8.ToArray();

    /// <returns>Simple assembly name → where it is named first (<c>model.zip:entry</c>), in entry order.</returns>
    public static IReadOnlyDictionary<string, string> Of(string modelZip)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(modelZip);
            foreach (var entry in zip.Entries.Where(e => e.Name == "Model.key"))
                if (AssemblyOf(entry, modelZip) is { } name)
                    named.TryAdd(name, $"{modelZip}:{entry.FullName}");
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidInputException($"{modelZip}: not an ML.NET model (not a readable zip archive: {e.Message}); train it again with `mlops train`");
        }
        return named;
    }

    private static string? AssemblyOf(ZipArchiveEntry entry, string modelZip)
    {
        using var stream = entry.Open();
        var header = new byte[HeaderSize];
        if (stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize || !header.AsSpan(0, Signature.Length).SequenceEqual(Signature))
            throw new InvalidInputException($"{modelZip}:{entry.FullName}: not an ML.NET model part (no model header); train the model again with `mlops train`");
        var at = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(AssemblyNameOffset));
        var bytes = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(AssemblyNameBytes));
        if (bytes == 0) return null;
        if (at < HeaderSize || bytes % 2 != 0 || bytes > 4096 || at + bytes > entry.Length)
            throw new InvalidInputException($"{modelZip}:{entry.FullName}: damaged ML.NET model header (assembly name at byte {at}, {bytes} bytes, in a part of {entry.Length}); train the model again");
        // The name sits after the part's payload (a large predictor's trees): skip to it rather than hold the part.
        var skip = new byte[Math.Min(81_920, Math.Max(1, at - HeaderSize))];
        for (var left = at - HeaderSize; left > 0;)
            left -= stream.ReadAtLeast(skip.AsSpan(0, (int)Math.Min(skip.Length, left)), 1);
        var name = new byte[bytes];
        stream.ReadExactly(name);
        // "Microsoft.ML.FastTree, Version=1.0.0.0, Culture=neutral, PublicKeyToken=..." → Microsoft.ML.FastTree
        return Encoding.Unicode.GetString(name).Split(',')[0].Trim();
    }
}
