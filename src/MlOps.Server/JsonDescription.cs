using System.Text.Json;

namespace MlOps.Server;

/// <summary>Short, bounded descriptions of JSON values for problem details ("string \"abc\"", "an array").</summary>
internal static class JsonDescription
{
    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"number {Truncate(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    /// <summary>Echoes enough of a bad value to recognise it, without reflecting a whole large string back.</summary>
    public static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
