using MlOps.Steps.Package;

namespace MlOps.Steps.Tests.Package;

/// <summary>The app layer's managed assemblies: what a root reaches through assembly references, resolved to the publish's files.</summary>
[TestFixture]
public class AssemblyReferenceClosureTests
{
    private string _dir = "";

    [SetUp]
    public void Create() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "mlops-closure-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    private void Assembly(string name, params string[] references) => StandInAssembly.Write(Path.Combine(_dir, name + ".dll"), name, references);

    [Test]
    public void References_are_followed_transitively_through_cycles_and_unreferenced_or_absent_assemblies_are_left_out()
    {
        Assembly("App", "Lib", "Absent");
        Assembly("Lib", "Facade");
        Assembly("Facade", "Core", "Lib"); // a cycle, as System.Private.Xml and System.Linq.Expressions have
        Assembly("Core");
        Assembly("Unused", "Core");
        var files = new[] { "App", "Lib", "Facade", "Core", "Unused" }.ToDictionary(n => n, n => n + ".dll");

        var closure = AssemblyReferenceClosure.Of(_dir, files, ["App", "NotPublished"]);

        Assert.That(closure, Is.EqualTo(new[] { "App.dll", "Core.dll", "Facade.dll", "Lib.dll" }),
            "sorted, so the same publish gives the same layer; a name the publish has no file for is skipped");
    }
}
