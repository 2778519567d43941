using System.Text.Json;
using MlOps.Core.Config;
using MlOps.Core.Data;

namespace MlOps.Steps.Deploy;

/// <summary>
/// The /score body a canary must answer: the first row of mlops.yml's test data (else train data) as clients send it,
/// without the label and excluded columns. Null when the project names no data (then only /health/ready is checked).
/// </summary>
public static class SmokeSample
{
    public static string? From(MlOpsConfig config)
    {
        var path = config.Data.Test ?? config.Data.Train;
        if (path is null || !File.Exists(path)) return null;
        var table = TableLoader.Load(path, config.Data.Types);
        if (table.RowCount == 0) return null;
        var row = new Dictionary<string, object?>();
        foreach (var column in table.Columns)
        {
            if (column.Name == config.Model.Label || config.Data.Exclude.Contains(column.Name)) continue;
            row[column.Name] = column.IsMissing(0) ? null
                : column.Kind == ColumnKind.Numeric ? column.Numbers[0] : column.Strings[0];
        }
        return JsonSerializer.Serialize(new[] { row });
    }
}
