using System.IO.Compression;
using System.Text;

namespace MlOps.Steps.Tests.Package;

/// <summary>
/// A model.zip shaped like ML.NET's for packaging: one part per named assembly, each with ML.NET's model header
/// naming it, and the given weights as a part of their own (so two weights give two model layers). Nothing loads it.
/// </summary>
internal static class StandInMlNetModel
{
    public static void Write(string path, string weights, params string[] assemblies)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        for (var i = 0; i < assemblies.Length; i++)
        {
            var name = Encoding.Unicode.GetBytes($"{assemblies[i]}, Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51");
            var part = new byte[0x100 + name.Length];
            "ML\0MODEL"u8.CopyTo(part);
            BitConverter.TryWriteBytes(part.AsSpan(0x90), 0x100L);
            BitConverter.TryWriteBytes(part.AsSpan(0x98), (uint)name.Length);
            name.CopyTo(part, 0x100);
            using var stream = zip.CreateEntry($"TransformerChain/Transform_{i:D3}/Model.key").Open();
            stream.Write(part);
        }
        using var writer = new StreamWriter(zip.CreateEntry("TransformerChain/Weights.txt").Open());
        writer.Write(weights);
    }
}
