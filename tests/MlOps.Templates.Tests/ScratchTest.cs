namespace MlOps.Templates.Tests;

/// <summary>
/// A fresh folder per test under out/ (inside the repository, so the validators get relative paths as in CI), and
/// broken copies of shipped files in it: every validator is also shown a copy it must refuse.
/// </summary>
public abstract class ScratchTest
{
    protected string Scratch { get; private set; } = "";

    [SetUp]
    public void CreateScratch() => Directory.CreateDirectory(Scratch = Path.Combine(RepoPaths.Root, "out", "templates-tests", Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteScratch() => Directory.Delete(Scratch, true);

    /// <summary>A copy of <paramref name="file"/> with one edit, in the scratch folder; the relative path the tools get.</summary>
    protected string BrokenCopy(string file, string from, string to)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, file));
        Assert.That(text, Does.Contain(from), "the edit must apply, or the broken copy is not broken");
        var copy = Path.Combine(Scratch, Path.GetFileName(file));
        File.WriteAllText(copy, text.Replace(from, to));
        return Path.GetRelativePath(RepoPaths.Root, copy);
    }
}
