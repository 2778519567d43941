using MlOps.Core.Data;
using MlOps.Core.Errors;
using MlOps.Core.Modeling;

namespace MlOps.Models;

/// <summary>Checks and reads data against a model's signature, so scoring errors name the column, not a tensor.</summary>
public static class ModelInput
{
    /// <summary>Column kinds to force when reading a CSV for this model, so "1" in a categorical column stays a category.</summary>
    public static IReadOnlyDictionary<string, ColumnKind> KindsFor(ModelCard card, IEnumerable<string> header)
    {
        var present = header.ToHashSet(StringComparer.Ordinal);
        return card.Features.Where(f => present.Contains(f.Name)).ToDictionary(f => f.Name, f => f.Kind);
    }

    public static Table LoadCsv(string path, ModelCard card, ICollection<string>? notes = null)
    {
        var raw = CsvReader.Read(path);
        var table = TableLoader.FromRaw(raw, KindsFor(card, raw.Header), notes);
        EnsureFeatures(table, card);
        return table;
    }

    public static void EnsureFeatures(Table table, ModelCard card)
    {
        var missing = card.Features.Where(f => !table.Has(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException(
                $"{table.Source}: model '{card.Name}' needs column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the data does not have");
        foreach (var f in card.Features)
            if (table[f.Name].Kind != f.Kind)
                throw new InvalidInputException(
                    $"{table.Source}: column '{f.Name}' is {ColumnSchema.KindName(table[f.Name].Kind)} here but the model was trained with it {ColumnSchema.KindName(f.Kind)}");
    }
}
