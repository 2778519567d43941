using System.Text.Json;

namespace MlOps.Server;

/// <summary>
/// One accepted body shape seen as rows: whatever the client sent (records, split, columns), the reader asks for the
/// value of each feature in each row. Errors name the row and feature as "rows[i].feature" whatever the shape, so a
/// client handles problems the same way for every body it can send.
/// </summary>
internal interface IRowSource
{
    int Count { get; }

    /// <summary>Fills <paramref name="values"/> (one per card feature, in card order) for row <paramref name="row"/>.</summary>
    void Read(int row, Span<JsonElement> values);
}
