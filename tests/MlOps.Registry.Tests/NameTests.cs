namespace MlOps.Registry.Tests;

public class NameTests : RegistryTestBase
{
    [TestCase("adult income")]
    [TestCase("a:b:c")]
    [TestCase("a@")]
    [TestCase("@production")]
    [TestCase("a:0")]
    [TestCase("a:01")]
    [TestCase("a:-1")]
    [TestCase("a:99999999999")]
    [TestCase("a@1production")]
    [TestCase("a:1@production")]
    [TestCase("../x:1")]
    [TestCase("")]
    public async Task Malformed_references_are_refused_with_the_expected_form(string reference)
    {
        var error = await Fails(() => Registry().ResolveAsync(reference));
        Assert.That(error.Kind, Is.EqualTo(RegistryErrorKind.InvalidReference));
        Assert.That(error.Message, Is.EqualTo(
            $"invalid model reference '{reference}': expected NAME:VERSION or NAME@ALIAS, e.g. adult-income:3 or adult-income@production"));
    }

    [TestCase("adult-income:3", "adult-income", 3, null)]
    [TestCase("m.v2_x:2147483647", "m.v2_x", int.MaxValue, null)]
    [TestCase("adult-income@production", "adult-income", null, "production")]
    [TestCase("9lives@canary_2", "9lives", null, "canary_2")]
    public void Well_formed_references_parse(string reference, string name, int? version, string? alias)
    {
        Assert.That(RegistryNames.ParseReference(reference), Is.EqualTo((name, version, alias)));
    }

    [TestCase("adult income")]
    [TestCase("../evil")]
    [TestCase(".hidden")]
    [TestCase("-dash")]
    [TestCase("a/b")]
    [TestCase("")]
    public async Task Bad_model_names_are_refused_before_anything_is_written(string name)
    {
        var error = await Fails(() => Registry().RegisterAsync(name, Source));
        Assert.That(error.Kind, Is.EqualTo(RegistryErrorKind.InvalidName));
        Assert.That(error.Message, Is.EqualTo(
            $"invalid model name '{name}': expected 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        Assert.That(Directory.Exists(Root), Is.False);
    }

    [Test]
    public async Task Names_are_limited_to_128_characters()
    {
        Assert.That((await Registry().RegisterAsync(new string('a', 128), Source)).Version, Is.EqualTo(1));
        Assert.That((await Fails(() => Registry().RegisterAsync(new string('a', 129), Source))).Kind, Is.EqualTo(RegistryErrorKind.InvalidName));
    }

    [Test]
    public async Task A_model_cannot_take_the_name_of_the_history_file()
    {
        var error = await Fails(() => Registry().RegisterAsync("events.jsonl", Source));
        Assert.That(error.Message, Is.EqualTo("invalid model name 'events.jsonl': the registry keeps its history in a file of that name"));
    }

    [TestCase("1bad")]
    [TestCase("has space")]
    [TestCase("a.b")]
    [TestCase("")]
    public async Task Bad_aliases_are_refused_with_the_expected_form(string alias)
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        var error = await Fails(() => registry.SetAliasAsync("m", 1, alias));
        Assert.That(error.Kind, Is.EqualTo(RegistryErrorKind.InvalidName));
        Assert.That(error.Message, Is.EqualTo($"invalid alias '{alias}': expected 1-64 letters, digits, '_' or '-', starting with a letter"));
    }

    [Test]
    public async Task Aliases_are_limited_to_64_characters()
    {
        var registry = Registry();
        await registry.RegisterAsync("m", Source);
        Assert.That((await registry.SetAliasAsync("m", 1, new string('p', 64))).Aliases, Has.Count.EqualTo(1));
        Assert.That((await Fails(() => registry.SetAliasAsync("m", 1, new string('p', 65)))).Kind, Is.EqualTo(RegistryErrorKind.InvalidName));
    }
}
