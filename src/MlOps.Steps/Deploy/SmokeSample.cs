using System.Text.Json;
using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;

namespace MlOps.Steps.Deploy;

/// <summary>
/// The /score body every smoke test of a new version sends (a canary's, and the azureml-endpoint target's through the
/// scoring URI): the first row of mlops.yml's test data (else train data) as clients send it — the model's features,
/// typed as its model.json says (without one: every column but the label and the excluded ones). Null when the
/// project names no data (then only readiness is checked, or azureml-endpoint sends a row of zeros).
/// </summary>
public static class SmokeSample
{
    /// <summary>Lines read before giving up on finding the first record's end (a quoted field may span lines).</summary>
    private const int MaxLinesForFirstRow = 64;

    public static string? From(MlOpsConfig config, string modelPath)
    {
        var path = config.Data.Test ?? config.Data.Train;
        if (path is null || !File.Exists(path)) return null;
        if (FirstRow(path) is not { RowCount: > 0 } raw) return null;
        var card = Card(modelPath);
        var row = new Dictionary<string, object?>();
        for (var c = 0; c < raw.Header.Length; c++)
        {
            var name = raw.Header[c];
            if (name == config.Model.Label || config.Data.Exclude.Contains(name)) continue;
            var text = raw.Columns[c][0];
            var kind = card is null ? config.Data.Types.GetValueOrDefault(name, ColumnKind.Numeric)
                : card.Features.FirstOrDefault(f => f.Name == name)?.Kind;
            if (kind is null) continue; // not one of the model's inputs
            row[name] = TableLoader.IsBlank(text) ? null
                : kind == ColumnKind.Numeric && TableLoader.TryNumber(text, out var number) ? number : text.Trim();
        }
        return JsonSerializer.Serialize(new[] { row });
    }

    /// <summary>The header and the first record only: the test data may be large and one row is all a smoke test sends.</summary>
    private static CsvReader.RawTable? FirstRow(string path)
    {
        var lines = new List<string>();
        foreach (var line in File.ReadLines(path).Take(MaxLinesForFirstRow))
        {
            lines.Add(line);
            if (lines.Count < 2) continue;
            try
            {
                var raw = CsvReader.Parse(new StringReader(string.Join('\n', lines)), path);
                if (raw.RowCount > 0) return raw;
            }
            catch (InvalidInputException)
            {
                // The record goes on past this line (an open quote): read one more.
            }
        }
        return null;
    }

    private static ModelCard? Card(string modelPath)
    {
        var file = Path.Combine(Directory.Exists(modelPath) ? modelPath : Path.GetDirectoryName(modelPath) ?? ".", ModelCard.FileName);
        return File.Exists(file) ? ModelCard.Read(file) : null;
    }
}
