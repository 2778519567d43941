using Microsoft.ML.Data;
using MlOps.Core.Data;
using MlOps.Core.Modeling;

namespace MlOps.Models.MlNet;

/// <summary>Builds the ML.NET view of a table's features: numbers as Single (NaN = missing), categories as text.</summary>
public static class FeatureView
{
    public static TableDataView For(Table table, IEnumerable<FeatureInfo> features)
    {
        var view = new TableDataView(table.RowCount);
        foreach (var f in features)
        {
            var column = table[f.Name];
            if (f.Kind == ColumnKind.Numeric)
            {
                var numbers = column.Numbers;
                view.Add(f.Name, NumberDataViewType.Single, r => (float)numbers[r]);
            }
            else
            {
                var strings = column.Strings;
                view.Add(f.Name, TextDataViewType.Instance, r => (strings[r] ?? "").AsMemory());
            }
        }
        return view;
    }
}
