namespace MlOps.EndToEnd;

/// <summary>The way back from a promotion through the CLI: demote removes an alias, archive retires a version for good.</summary>
public class RetireTests
{
    [Test]
    public void Demote_and_archive_change_the_registry_as_promised_and_refuse_what_would_break_it()
    {
        using var ws = new Workspace();
        var (train, test) = ws.Split("iris.csv");
        ws.Write("mlops.yml", $$"""
            model: { name: iris, task: multiclass-classification, label: species }
            data: { train: {{train}}, test: {{test}} }
            train: { mlnet: { trees: 10, min-leaf: 2 } }
            """);
        Assert.That(ws.Mlops("train", "--output", "a").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("register", "--model", "a").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("register", "--model", "a").ExitCode, Is.EqualTo(0));
        Assert.That(ws.Mlops("promote", "iris:2").ExitCode, Is.EqualTo(0));

        var busy = ws.Mlops("archive", "iris:2");
        Assert.That(busy.ExitCode, Is.EqualTo(2), busy.ToString());
        Assert.That(busy.Stderr, Does.Contain("iris@production"));

        var demote = ws.Mlops("demote", "iris@production");
        Assert.That(demote.ExitCode, Is.EqualTo(0), demote.ToString());
        Assert.That(demote.Stdout, Does.Contain("removed iris@production (it pointed at iris:2)"));
        Assert.That(ws.Mlops("evaluate", "--model", "iris@production").Stderr, Does.Contain("not found"), "the alias is gone");

        var archive = ws.Mlops("archive", "iris:2");
        Assert.That(archive.ExitCode, Is.EqualTo(0), archive.ToString());
        Assert.That(ws.Mlops("evaluate", "--model", "iris:2").ExitCode, Is.EqualTo(0), "an archived version still resolves");
        var promote = ws.Mlops("promote", "iris:2");
        Assert.That(promote.ExitCode, Is.EqualTo(2));
        Assert.That(promote.Stderr, Does.Contain("iris:2 is archived"));

        var audit = ws.Mlops("audit", "--model", "iris", "--format", "json");
        Assert.That(audit.ExitCode, Is.EqualTo(0), audit.ToString());
        Assert.That(audit.Stdout, Does.Contain("\"demoted\"").And.Contain("\"archived\""));

        var bad = ws.Mlops("demote", "iris");
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Stderr, Does.Contain("expected NAME@ALIAS"));
    }
}
