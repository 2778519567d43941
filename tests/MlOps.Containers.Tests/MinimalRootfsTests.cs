using System.Text;
using MlOps.Containers.Layers;
using MlOps.Containers.Rootfs;

namespace MlOps.Containers.Tests;

public class MinimalRootfsTests
{
    [TestCase("\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0000000000)", "/lib/x86_64-linux-gnu/libc.so.6")]
    [TestCase("\tliblttng-ust.so.1 => not found", null)]
    [TestCase("\tlinux-vdso.so.1 (0x00007ffd00000000)", null)]
    [TestCase("/tmp/pub/libcoreclr.so:", null)]
    public void Ldd_lines_give_the_resolved_path_or_nothing(string line, string? expected) =>
        Assert.That(HostLibraries.ParseResolved(line), Is.EqualTo(expected));

    [Test, Platform("Linux")]
    public void The_base_holds_the_loader_libc_openssl_a_sticky_tmp_and_a_non_root_user()
    {
        var layer = MinimalRootfs.Build(TestContext.CurrentContext.TestDirectory);
        var byPath = layer.Entries.ToDictionary(e => e.Path);

        Assert.That(byPath["usr/lib64/ld-linux-x86-64.so.2"].LinkTarget, Is.EqualTo("../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        Assert.That(byPath["usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"].Kind, Is.EqualTo(LayerEntryKind.File));
        Assert.That(byPath.Keys, Does.Contain("usr/lib/x86_64-linux-gnu/libssl.so.3").And.Contain("usr/lib/x86_64-linux-gnu/libcrypto.so.3"),
            "dlopen()ed by .NET's crypto: ldd never lists them");
        Assert.That(byPath["lib64"].LinkTarget, Is.EqualTo("usr/lib64"));
        Assert.That(byPath["tmp"].Mode, Is.EqualTo(0b1_111_111_111));
        Assert.That(Encoding.UTF8.GetString(byPath["etc/passwd"].Content!), Does.Contain("app:x:1654:1654:"));
        foreach (var link in layer.Entries.Where(e => e.Kind == LayerEntryKind.Symlink && e.Path.StartsWith("usr/lib/", StringComparison.Ordinal)))
            Assert.That(byPath, Does.ContainKey(link.Path[..(link.Path.LastIndexOf('/') + 1)] + link.LinkTarget), $"{link.Path} points at a file in the layer");
    }
}
