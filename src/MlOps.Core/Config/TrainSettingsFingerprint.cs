using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace MlOps.Core.Config;

/// <summary>
/// SHA-256 of what in mlops.yml decides the trained model: the model, train and data sections (without data.train and
/// data.test, whose contents are hashed on their own) plus the effective seed and the extra --exclude columns. Read as
/// YAML and written in a canonical form, so comments, layout, key order and the evaluate/registry/deploy/retrain
/// sections do not count: changing a gate threshold must not retrain, changing the trainer must.
/// </summary>
public static class TrainSettingsFingerprint
{
    private static readonly string[] Sections = ["model", "data", "train"];

    public static string Sha256(string configPath, int seed, IEnumerable<string> extraExclude)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(configPath)) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var text = new StringBuilder();
        foreach (var section in Sections)
        {
            var node = root.Children.FirstOrDefault(c => ((YamlScalarNode)c.Key).Value == section).Value;
            text.Append(section).Append('=');
            Canonical(node, text, section == "data" ? ["train", "test"] : []);
            text.Append('\n');
        }
        text.Append("seed=").Append(seed).Append('\n');
        text.Append("exclude=").Append(JsonSerializer.Serialize(extraExclude.Distinct().Order(StringComparer.Ordinal))).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Canonical(YamlNode? node, StringBuilder text, string[] skip)
    {
        switch (node)
        {
            case YamlMappingNode map:
                text.Append('{');
                foreach (var (key, value) in map.Children
                             .Select(c => (Key: ((YamlScalarNode)c.Key).Value ?? "", c.Value))
                             .Where(c => Array.IndexOf(skip, c.Key) < 0)
                             .OrderBy(c => c.Key, StringComparer.Ordinal))
                {
                    text.Append(JsonSerializer.Serialize(key)).Append(':');
                    Canonical(value, text, []);
                    text.Append(',');
                }
                text.Append('}');
                break;
            case YamlSequenceNode list:
                text.Append('[');
                foreach (var item in list.Children)
                {
                    Canonical(item, text, []);
                    text.Append(',');
                }
                text.Append(']');
                break;
            case YamlScalarNode scalar:
                text.Append(JsonSerializer.Serialize(scalar.Value ?? ""));
                break;
            default:
                text.Append("null");
                break;
        }
    }
}
