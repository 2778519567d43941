using System.Globalization;
using MlOps.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlOps.Core.Config;

/// <summary>
/// Typed, strict access to a YAML node that remembers where it came from, so every complaint reads
/// <c>file:LINE:COL: message</c>. Unknown keys are errors: a typo must never silently turn a gate off.
/// </summary>
internal sealed class YamlNodeReader(string file, YamlNode node, string path)
{
    public YamlNode Node => node;
    public string File => file;
    public string Path => path;

    public InvalidInputException Error(string message) => Error(node.Start, message);

    public InvalidInputException Error(Mark at, string message) =>
        new($"{file}:{at.Line}:{at.Column}: {message}");

    /// <summary>Checks this node is a mapping with only <paramref name="allowed"/> keys.</summary>
    public YamlNodeReader Mapping(params string[] allowed)
    {
        var map = AsMapping();
        foreach (var key in map.Children.Keys)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (allowed.Length > 0 && Array.IndexOf(allowed, name) < 0)
                throw Error(key.Start, $"unknown key '{name}' in {Describe()}{Suggest(name, allowed)}; expected one of: {string.Join(", ", allowed)}");
        }
        return this;
    }

    public IEnumerable<(string Key, YamlNodeReader Value)> Entries()
    {
        foreach (var (key, value) in AsMapping().Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            yield return (name, new YamlNodeReader(file, value, Join(name)));
        }
    }

    public YamlNodeReader? Child(string key)
    {
        var map = AsMapping();
        foreach (var (k, v) in map.Children)
            if (((YamlScalarNode)k).Value == key)
                return IsNull(v) ? null : new YamlNodeReader(file, v, Join(key));
        return null;
    }

    public YamlNodeReader Required(string key) =>
        Child(key) ?? throw Error($"missing required key '{key}' in {Describe()}");

    public string Scalar()
    {
        if (node is not YamlScalarNode s)
            throw Error($"'{path}' must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");
        return s.Value ?? "";
    }

    public string RequiredString(string key)
    {
        var value = Required(key).Scalar();
        return value.Length > 0 ? value : throw Required(key).Error($"'{Join(key)}' must not be empty");
    }

    public string? String(string key) => Child(key)?.Scalar();

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var child = Child(key);
        if (child is null) return fallback;
        var text = child.Scalar();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw child.Error($"'{child.Path}' must be a whole number, found '{text}'");
        if (value < min || value > max)
            throw child.Error($"'{child.Path}' must be between {min} and {max}, found {value}");
        return value;
    }

    public double Double(string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var child = Child(key);
        return child is null ? fallback : child.AsDouble(min, max);
    }

    public double AsDouble(double min = double.MinValue, double max = double.MaxValue)
    {
        var text = Scalar();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Error($"'{path}' must be a number, found '{text}'");
        if (value < min || value > max)
            throw Error($"'{path}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, found {text}");
        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        var child = Child(key);
        if (child is null) return fallback;
        return child.Scalar().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw child.Error($"'{child.Path}' must be true or false, found '{other}'"),
        };
    }

    public IReadOnlyList<string> StringList(string key)
    {
        var child = Child(key);
        if (child is null) return [];
        if (child.Node is not YamlSequenceNode seq)
            throw child.Error($"'{child.Path}' must be a list, e.g. [a, b]");
        return seq.Children.Select((item, i) => new YamlNodeReader(file, item, $"{child.Path}[{i}]").Scalar()).ToList();
    }

    public string Choice(string key, string fallback, params string[] choices)
    {
        var child = Child(key);
        if (child is null) return fallback;
        var value = child.Scalar();
        return Array.IndexOf(choices, value) >= 0
            ? value
            : throw child.Error($"'{child.Path}' must be one of {string.Join(", ", choices)}; found '{value}'{Suggest(value, choices)}");
    }

    private YamlMappingNode AsMapping() => node as YamlMappingNode
        ?? throw Error($"{Describe()} must be a mapping of keys to values");

    private string Describe() => path.Length == 0 ? "the top level" : $"'{path}'";

    private string Join(string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static bool IsNull(YamlNode n) =>
        n is YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain };

    private static string Suggest(string given, IEnumerable<string> options)
    {
        var best = options.Select(o => (o, d: Distance(given, o))).OrderBy(x => x.d).FirstOrDefault();
        return best.o is not null && best.d <= Math.Max(2, given.Length / 3) ? $" (did you mean '{best.o}'?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
