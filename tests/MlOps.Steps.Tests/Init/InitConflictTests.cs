using MlOps.Core.Errors;
using MlOps.Steps.Init;

namespace MlOps.Steps.Tests.Init;

/// <summary>Init never overwrites a user's file by surprise, and a refused init leaves the folder as it was.</summary>
public class InitConflictTests
{
    [Test]
    public void An_existing_file_without_force_is_exit_2_listing_it_and_nothing_is_written()
    {
        using var folder = new InitFolder();
        folder.Write("mlops.yml", "mine");

        var error = Assert.Throws<InvalidInputException>(() => folder.Init(RepoHost.GitHub))!;

        Assert.That(error.ExitCode, Is.EqualTo(2));
        Assert.That(error.Message, Does.Contain("  mlops.yml").And.Contain("nothing was written").And.Contain("--force"));
        Assert.That(folder.Files(), Is.EqualTo(new[] { "mlops.yml" }), "no workflow and no scratch folder may be left");
        Assert.That(Directory.EnumerateDirectories(folder.Root), Is.Empty);
        Assert.That(File.ReadAllText(folder.PathOf("mlops.yml")), Is.EqualTo("mine"));
    }

    [Test]
    public void Every_conflict_is_listed_not_only_the_first()
    {
        using var folder = new InitFolder();
        folder.Init(RepoHost.AzurePipelines);
        var written = folder.Files();

        var error = Assert.Throws<InvalidInputException>(() => folder.Init(RepoHost.AzurePipelines))!;

        foreach (var file in written) Assert.That(error.Message, Does.Contain($"  {file}\n").Or.EndWith($"  {file}"), file);
    }

    [Test]
    public void Force_overwrites_the_existing_files_and_says_so()
    {
        using var folder = new InitFolder();
        folder.Init(RepoHost.GitHub);
        var expected = folder.Files().ToDictionary(f => f, f => File.ReadAllBytes(folder.PathOf(f)));
        foreach (var f in expected.Keys) folder.Write(f, "edited by the user");

        var result = folder.Init(RepoHost.GitHub, force: true);

        Assert.That(result.Overwritten, Is.EquivalentTo(expected.Keys));
        foreach (var (f, content) in expected) Assert.That(File.ReadAllBytes(folder.PathOf(f)), Is.EqualTo(content), f);
        Assert.That(folder.Out.ToString(), Does.Contain("overwrote mlops.yml"));
        Assert.That(Directory.EnumerateDirectories(folder.Root).Select(Path.GetFileName), Is.EqualTo(new[] { ".github" }));
    }

    [Test]
    public void A_folder_where_a_file_goes_is_refused_even_with_force()
    {
        using var folder = new InitFolder();
        Directory.CreateDirectory(folder.PathOf("mlops.yml"));

        var error = Assert.Throws<InvalidInputException>(() => folder.Init(RepoHost.GitHub, force: true))!;

        Assert.That(error.Message, Is.EqualTo($"{folder.PathOf("mlops.yml")} is a folder where init writes a file; move it away (--force replaces files, never folders)"));
        Assert.That(folder.Files(), Is.Empty);
        Assert.That(Directory.EnumerateDirectories(folder.Root).Select(Path.GetFileName), Is.EqualTo(new[] { "mlops.yml" }));
    }

    [Test]
    public void Force_keeps_files_init_does_not_write()
    {
        using var folder = new InitFolder();
        folder.Write(".github/workflows/ci.yml", "the user's own CI");

        folder.Init(RepoHost.GitHub, force: true);

        Assert.That(File.ReadAllText(folder.PathOf(".github/workflows/ci.yml")), Is.EqualTo("the user's own CI"));
    }
}
