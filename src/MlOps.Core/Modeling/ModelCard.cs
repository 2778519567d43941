using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Core.Data;

namespace MlOps.Core.Modeling;

public sealed record FeatureInfo(string Name, ColumnKind Kind);

/// <summary>
/// model.json, saved beside every model file: what the model expects and predicts, so a model can be scored, served
/// or compared with no mlops.yml at hand.
/// </summary>
public sealed record ModelCard(
    string Name,
    string Format,
    string File,
    ModelTask Task,
    string Label,
    string? Positive,
    IReadOnlyList<string> Classes,
    IReadOnlyList<FeatureInfo> Features)
{
    public const string FileName = "model.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public void Save(string directory) =>
        System.IO.File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));

    public static ModelCard Read(string path) =>
        JsonSerializer.Deserialize<ModelCard>(System.IO.File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path}: empty model card");
}
