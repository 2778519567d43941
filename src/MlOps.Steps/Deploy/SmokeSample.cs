using System.Text;
using MlOps.Core.Config;
using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;
using MlOps.Models;
using MlOps.Steps.Common;

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
        var cells = new List<(string, string, ColumnKind)>();
        for (var c = 0; c < raw.Header.Length; c++)
        {
            var name = raw.Header[c];
            if (name == config.Model.Label || config.Data.Exclude.Contains(name)) continue;
            var kind = card is null ? config.Data.Types.GetValueOrDefault(name, ColumnKind.Numeric)
                : card.Features.FirstOrDefault(f => f.Name == name)?.Kind;
            if (kind is { } known) cells.Add((name, raw.Columns[c][0], known)); // else not one of the model's inputs
        }
        return Encoding.UTF8.GetString(OneRowRequest.Body(cells));
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

    /// <summary>The model's card, or null when the model has none (then the data's columns are sent as they are).</summary>
    private static ModelCard? Card(string modelPath) =>
        File.Exists(Path.Combine(ModelLoader.FolderOf(modelPath), ModelCard.FileName)) ? ModelLoader.ReadCard(modelPath) : null;
}
