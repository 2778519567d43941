using System.Text;
using MlOps.Containers.Layers;

namespace MlOps.Containers.Tests;

/// <summary>Small layers made from files in a temp folder, standing in for the rootfs, the publish and the model.</summary>
internal sealed class TestLayers : IDisposable
{
    public TestLayers()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-oci-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string relative, string content, DateTime? mtime = null)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mtime is { } t) File.SetLastWriteTimeUtc(path, t);
        return path;
    }

    public string WriteBytes(string relative, byte[] content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Folder(string relative) => Path.Combine(Root, relative);

    /// <summary>A base, an app and a model layer; <paramref name="model"/> is the model file's content.</summary>
    public IReadOnlyList<LayerContent> Layers(string tag, string model) => Layers(tag, Encoding.UTF8.GetBytes(model), Encoding.UTF8.GetBytes(new string('x', 5000)));

    /// <summary>The same, with the model file's and the app's mlops.dll bytes given (random bytes stand in for real, incompressible ones).</summary>
    public IReadOnlyList<LayerContent> Layers(string tag, byte[] model, byte[] appDll)
    {
        Write($"{tag}/app/mlops", "#!ELF pretend");
        WriteBytes($"{tag}/app/mlops.dll", appDll);
        WriteBytes($"{tag}/model/model.zip", model);
        Write($"{tag}/model/model.json", """{"name":"m"}""");
        return
        [
            new LayerContent("base", [LayerEntry.Directory("tmp", LayerEntry.WorldWritableSticky), LayerEntry.Symlink("lib", "usr/lib"),
                LayerEntry.Bytes("etc/passwd", Encoding.UTF8.GetBytes("app:x:1654:1654::/app:/sbin/nologin\n"))]),
            new LayerContent("app", LayerContent.FromDirectory(Folder($"{tag}/app"), "app", keepExecutableBit: true)),
            new LayerContent("model", LayerContent.FromDirectory(Folder($"{tag}/model"), "model", keepExecutableBit: false)),
        ];
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
