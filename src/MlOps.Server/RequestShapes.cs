using System.Text.Json;
using MlOps.Core.Modeling;

namespace MlOps.Server;

/// <summary>
/// Recognises the body shapes /score accepts: our rows ([{...}] or {"rows": [...]}), columns ({"feature": [...]}) and
/// MLflow's scoring bodies ({"dataframe_split": ...}, {"dataframe_records": [...]}, {"inputs": {...} or [...]}), so a
/// client written for an MLflow model server works unchanged.
/// </summary>
internal static class RequestShapes
{
    private static readonly string[] Wrappers = ["rows", "dataframe_split", "dataframe_records", "inputs"];

    public const string Accepted =
        "an array of rows [{...}], {\"rows\": [...]}, columns {\"feature\": [...]}, or MLflow's {\"dataframe_split\": ...}, {\"dataframe_records\": [...]} or {\"inputs\": ...}";

    public static IRowSource RowsOf(JsonElement root, ModelCard card, bool ignoreExtra)
    {
        if (root.ValueKind == JsonValueKind.Array) return new RecordRows(root, card, ignoreExtra);
        if (root.ValueKind != JsonValueKind.Object)
            throw new BadRequestException($"the body must be {Accepted}; found {JsonDescription.Of(root)}");

        var wrappers = Wrappers.Where(w => root.TryGetProperty(w, out _)).ToList();
        // MLflow refuses a body with two of its keys too: which one to score would be a guess.
        if (wrappers.Count > 1)
            throw new BadRequestException($"the body has both \"{wrappers[0]}\" and \"{wrappers[1]}\"; send exactly one of them", wrappers[1]);
        if (wrappers.Count == 1)
        {
            var value = root.GetProperty(wrappers[0]);
            return wrappers[0] switch
            {
                "dataframe_split" => new SplitRows(value, card, ignoreExtra),
                "inputs" when value.ValueKind == JsonValueKind.Object => new ColumnarRows(value, card, "inputs.", ignoreExtra),
                _ when value.ValueKind == JsonValueKind.Array => new RecordRows(value, card, ignoreExtra),
                "inputs" => throw new BadRequestException(
                    $"\"inputs\" must be an object of columns {{\"feature\": [...]}} or an array of row objects, found {JsonDescription.Of(value)}", "inputs"),
                var name => throw new BadRequestException($"\"{name}\" must be an array of row objects, found {JsonDescription.Of(value)}", name),
            };
        }
        if (card.Features.Any(f => root.TryGetProperty(f.Name, out _))) return new ColumnarRows(root, card, "", ignoreExtra);
        var keys = string.Join(", ", root.EnumerateObject().Take(5).Select(p => $"'{JsonDescription.Truncate(p.Name)}'"));
        throw new BadRequestException($"the body must be {Accepted}; found an object with {(keys.Length == 0 ? "no keys" : $"keys {keys}")} and no feature of the model");
    }
}
