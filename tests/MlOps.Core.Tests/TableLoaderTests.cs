using MlOps.Core.Data;
using MlOps.Core.Errors;

namespace MlOps.Core.Tests;

public class TableLoaderTests
{
    private static Table Load(string csv, Dictionary<string, ColumnKind>? kinds = null, List<string>? notes = null) =>
        TableLoader.FromRaw(CsvReader.Parse(new StringReader(csv), "data.csv"), kinds, notes);

    [Test]
    public void Infers_kinds_and_missing_values_with_crlf_and_quotes()
    {
        var t = Load("age,city,note\r\n39,Paris,\"a, b\"\r\n,\"New \"\"York\"\"\",x\r\n41,,\"multi\nline\"\r\n");
        Assert.That(t.RowCount, Is.EqualTo(3));
        Assert.That(t["age"].Kind, Is.EqualTo(ColumnKind.Numeric));
        Assert.That(t["age"].Numbers[0], Is.EqualTo(39));
        Assert.That(double.IsNaN(t["age"].Numbers[1]), Is.True);
        Assert.That(t["city"].Strings, Is.EqualTo(new[] { "Paris", "New \"York\"", null }));
        Assert.That(t["note"].Strings[0], Is.EqualTo("a, b"));
        Assert.That(t["note"].Strings[2], Is.EqualTo("multi\nline"));
        Assert.That(t.SourceLines, Is.EqualTo(new[] { 2, 3, 4 }));
    }

    [Test]
    public void Wrong_field_count_names_the_line()
    {
        var e = Assert.Throws<InvalidInputException>(() => Load("a,b\n1,2\n3\n"))!;
        Assert.That(e.Message, Is.EqualTo("data.csv:3: expected 2 fields as in the header, found 1"));
    }

    [Test]
    public void Duplicate_or_empty_header_is_an_error()
    {
        Assert.That(Assert.Throws<InvalidInputException>(() => Load("a,a\n1,2\n"))!.Message, Does.Contain("'a' appears twice"));
        Assert.That(Assert.Throws<InvalidInputException>(() => Load(""))!.Message, Does.Contain("empty"));
    }

    [Test]
    public void A_stray_word_in_a_numeric_column_is_an_error_with_line_and_column()
    {
        var csv = "x,y\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},a")) + "\nabc,b\n";
        var e = Assert.Throws<InvalidInputException>(() => Load(csv))!;
        Assert.That(e.Message, Does.StartWith("data.csv:42: column 'x' is numeric in 40 of 41 rows but has 'abc' here"));
        Assert.That(Load(csv, new() { ["x"] = ColumnKind.Categorical })["x"].Kind, Is.EqualTo(ColumnKind.Categorical));
    }

    [Test]
    public void Forcing_numeric_on_a_text_value_names_row_and_column()
    {
        var e = Assert.Throws<InvalidInputException>(() => Load("x\n1\ntwo\n", new() { ["x"] = ColumnKind.Numeric }))!;
        Assert.That(e.Message, Is.EqualTo("data.csv:3: column 'x' expects a number, found 'two'"));
    }

    [Test]
    public void Telco_total_charges_blanks_are_missing_and_reported()
    {
        var notes = new List<string>();
        var path = Path.Combine(SharedData.Folder, "telco_customer_churn.csv");
        var t = TableLoader.Load(path, notes: notes, displayName: "telco.csv");
        var charges = t["TotalCharges"];
        Assert.That(charges.Kind, Is.EqualTo(ColumnKind.Numeric));
        Assert.That(charges.Numbers.Count(double.IsNaN), Is.EqualTo(11));
        Assert.That(notes.Single(), Does.StartWith("telco.csv: column 'TotalCharges' has 11 whitespace-only value(s) (first at line "));
        Assert.That(t.RowCount, Is.EqualTo(7043));
    }

    [Test]
    public void Adult_loads_with_its_documented_shape()
    {
        var t = TableLoader.Load(Path.Combine(SharedData.Folder, "adult_train.csv"));
        Assert.That(t.RowCount, Is.EqualTo(32561));
        Assert.That(t["workclass"].Strings.Count(s => s is null), Is.EqualTo(1836));
        Assert.That(t["age"].Kind, Is.EqualTo(ColumnKind.Numeric));
        Assert.That(t["income"].Kind, Is.EqualTo(ColumnKind.Categorical));
    }

    [Test]
    public void Missing_file_is_invalid_input() =>
        Assert.That(Assert.Throws<InvalidInputException>(() => TableLoader.Load("/no/such.csv"))!.Message, Is.EqualTo("/no/such.csv: data file not found"));
}
