using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.Models.MlNet;

/// <summary>
/// A read-only IDataView over columns built at run time. ML.NET's own in-memory loaders need a compile-time row
/// type; our schema comes from the user's CSV, so the view is built from per-column value functions.
/// </summary>
public sealed class TableDataView : IDataView
{
    private readonly List<Delegate> _values = [];
    private readonly int _rows;

    public TableDataView(int rows) => _rows = rows;

    private readonly DataViewSchema.Builder _builder = new();
    private DataViewSchema? _schema;

    public TableDataView Add<T>(string name, DataViewType type, Func<int, T> valueAt)
    {
        if (_schema is not null) throw new InvalidOperationException("the view is already in use");
        _builder.AddColumn(name, type);
        _values.Add(valueAt);
        return this;
    }

    public DataViewSchema Schema => _schema ??= _builder.ToSchema();
    public bool CanShuffle => false;
    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [new Cursor(this)];

    private sealed class Cursor(TableDataView view) : DataViewRowCursor
    {
        private long _position = -1;
        public override long Position => _position;
        public override long Batch => 0;
        public override DataViewSchema Schema => view.Schema;

        public override bool MoveNext()
        {
            if (_position >= view._rows) return false;
            _position++;
            return _position < view._rows;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var valueAt = (Func<int, TValue>)view._values[column.Index];
            return (ref TValue value) => value = valueAt((int)_position);
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
    }
}
