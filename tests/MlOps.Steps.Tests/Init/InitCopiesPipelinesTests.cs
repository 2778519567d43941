using System.Text;
using MlOps.Core.Config;
using MlOps.Steps.Init;
using MlOps.Templates.Tests;

namespace MlOps.Steps.Tests.Init;

/// <summary>
/// What init copies is what the repository holds, found at test time: a pipeline or template added later is covered
/// without touching this test (and fails it if the embedding glob misses it).
/// </summary>
public class InitCopiesPipelinesTests
{
    private static List<string> RepoFiles(params string[] folders) => folders
        .Select(f => Path.Combine(RepoPaths.Root, f))
        .Where(Directory.Exists)
        .SelectMany(f => Directory.EnumerateFiles(f, "*.yml", SearchOption.AllDirectories))
        .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'))
        .Order(StringComparer.Ordinal).ToList();

    [Test]
    public void Azure_pipelines_get_every_pipeline_and_template_byte_for_byte_at_the_repository_paths()
    {
        var expected = RepoFiles("pipelines/azure-pipelines", "templates/azure-pipelines");
        Assert.That(expected, Is.Not.Empty, "no Azure Pipelines files in the repository");
        using var folder = new InitFolder();

        var result = folder.Init(RepoHost.AzurePipelines);

        Assert.That(folder.Files(), Is.EqualTo(expected.Append("mlops.yml").Order(StringComparer.Ordinal)));
        Assert.That(result.Written, Is.EquivalentTo(folder.Files()));
        foreach (var file in expected)
            Assert.That(File.ReadAllBytes(folder.PathOf(file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(RepoPaths.Root, file))), file);
    }

    [Test]
    public void GitHub_gets_every_workflow_in_github_workflows_changed_only_where_it_calls_a_template()
    {
        var pipelines = RepoFiles("pipelines/github");
        var templates = RepoFiles("templates/github");
        Assert.That(pipelines, Is.Not.Empty, "no GitHub workflows in the repository");
        using var folder = new InitFolder();

        folder.Init(RepoHost.GitHub);

        var copies = pipelines.Select(p => (Source: p, Target: ".github/workflows/mlops-" + p["pipelines/github/".Length..].Replace('/', '-')))
            .Concat(templates.Select(t => (Source: t, Target: ".github/workflows/mlops-reusable-" + t["templates/github/".Length..].Replace('/', '-'))))
            .ToList();
        Assert.That(folder.Files(), Is.EqualTo(copies.Select(c => c.Target).Append("mlops.yml").Order(StringComparer.Ordinal)));
        foreach (var (source, target) in copies)
            AssertSameExceptTemplateCalls(folder, source, target);
        Assert.That(folder.Out.ToString(), Does.Not.Contain("which is not in this repository"), "a workflow calls a local file init does not write");
    }

    /// <summary>Line by line equal, except a uses: line may differ, and then it must call a reusable workflow init wrote.</summary>
    private static void AssertSameExceptTemplateCalls(InitFolder folder, string source, string target)
    {
        var original = File.ReadAllBytes(Path.Combine(RepoPaths.Root, source));
        var copied = File.ReadAllBytes(folder.PathOf(target));
        if (original.AsSpan().SequenceEqual(copied)) return;
        var before = Encoding.UTF8.GetString(original).Split('\n');
        var after = Encoding.UTF8.GetString(copied).Split('\n');
        Assert.That(after, Has.Length.EqualTo(before.Length), $"{source} → {target}: line count changed");
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] == after[i]) continue;
            var uses = after[i].Trim().TrimStart('-').Trim();
            Assert.That(uses, Does.StartWith("uses: ./.github/workflows/mlops-reusable-"), $"{target}:{i + 1} changed but is not a template call: {after[i]}");
            var called = uses["uses: ./".Length..].Trim('"', '\'').Split(' ', '#')[0];
            Assert.That(File.Exists(folder.PathOf(called)), $"{target}:{i + 1} calls {called}, which init did not write");
        }
    }

    [Test]
    public void A_call_to_a_template_in_any_of_its_spellings_is_rewritten_to_its_new_name_and_nothing_else_changes()
    {
        var workflow = "jobs:\r\n" +
                       "  a:\r\n    uses: ./templates/github/gate.yml\r\n" +
                       "  b:\r\n    uses: YOUR-ORG/mlops/templates/github/gate.yml@main # pinned\r\n" +
                       "  c:\r\n    uses: \"./.github/workflows/gate.yml\"\r\n" +
                       "  d:\r\n    uses: ./.github/workflows/not-a-template.yml\r\n" +
                       "  e:\r\n    steps:\r\n      - uses: YOUR-ORG/mlops/actions/setup@main\r\n";
        var bundled = new[]
        {
            new BundledFile("pipelines/github/pr.yml", Encoding.UTF8.GetBytes(workflow)),
            new BundledFile("templates/github/gate.yml", "on: workflow_call\n"u8.ToArray()),
            new BundledFile("pipelines/azure-pipelines/pr.yml", "trigger: none\n"u8.ToArray()),
        };
        using var folder = new InitFolder();

        folder.Init(new InitOptions("", RepoHost.GitHub), bundled);

        Assert.That(folder.Files(), Is.EqualTo(new[] { ".github/workflows/mlops-pr.yml", ".github/workflows/mlops-reusable-gate.yml", "mlops.yml" }));
        Assert.That(File.ReadAllText(folder.PathOf(".github/workflows/mlops-pr.yml")), Is.EqualTo(
            "jobs:\r\n" +
            "  a:\r\n    uses: ./.github/workflows/mlops-reusable-gate.yml\r\n" +
            "  b:\r\n    uses: ./.github/workflows/mlops-reusable-gate.yml # pinned\r\n" +
            "  c:\r\n    uses: \"./.github/workflows/mlops-reusable-gate.yml\"\r\n" +
            "  d:\r\n    uses: ./.github/workflows/not-a-template.yml\r\n" +
            "  e:\r\n    steps:\r\n      - uses: YOUR-ORG/mlops/actions/setup@main\r\n"));
        Assert.That(folder.Out.ToString(), Does.Contain("calls ./.github/workflows/not-a-template.yml, which is not in this repository")
            .And.Not.Contain("calls ./.github/workflows/mlops-reusable-gate.yml"));
    }

    [Test]
    public void The_starter_config_without_data_loads_and_says_what_to_fill_in()
    {
        using var folder = new InitFolder();

        folder.Init(RepoHost.GitHub);

        var config = ConfigLoader.Load(folder.PathOf("mlops.yml"));
        Assert.That(config.Model.Name, Does.StartWith("mlops-init-"));
        Assert.That(config.Data.Train, Is.EqualTo(folder.PathOf("data/train.csv")));
        Assert.That(File.ReadAllText(folder.PathOf("mlops.yml")), Does.Contain("TODO"));
        Assert.That(folder.Out.ToString(), Does.Contain("wrote mlops.yml").And.Contain("next steps:").And.Contain("Edit mlops.yml"));
    }
}
