using MlOps.Core.Data;
using MlOps.Core.Errors;

namespace MlOps.Core.Tests;

public class CsvReaderTests
{
    private static CsvReader.RawTable Parse(string csv) => CsvReader.Parse(new StringReader(csv), "data.csv");

    [Test]
    public void Quoted_fields_keep_commas_newlines_and_doubled_quotes_and_later_rows_keep_their_line_numbers()
    {
        var t = Parse("a,b\n\"x, y\",\"line1\nline2\"\n  \"say \"\"hi\"\"\",2\nplain,3");
        Assert.That(t.Rows.Select(r => r[0]), Is.EqualTo(new[] { "x, y", "say \"hi\"", "plain" }));
        Assert.That(t.Rows[0][1], Is.EqualTo("line1\nline2"));
        Assert.That(t.Lines, Is.EqualTo(new[] { 2, 4, 5 }), "a newline inside quotes still counts as a line of the file");
    }

    [Test]
    public void Crlf_bom_blank_lines_and_a_missing_final_newline_are_handled()
    {
        var t = Parse("\uFEFFa,b\r\n1,2\r\n\r\n3,4\r\n5,6");
        Assert.That(t.Header, Is.EqualTo(new[] { "a", "b" }), "the byte-order mark is not part of the first name");
        Assert.That(t.Rows.Select(r => string.Join("|", r)), Is.EqualTo(new[] { "1|2", "3|4", "5|6" }));
        Assert.That(t.Lines, Is.EqualTo(new[] { 2, 4, 5 }));
    }

    [Test]
    public void A_stray_carriage_return_inside_a_value_is_dropped_and_a_quote_inside_a_value_is_kept()
    {
        var t = Parse("a,b\nab\rc,say \"x\"\n");
        Assert.That(t.Rows[0], Is.EqualTo(new[] { "abc", "say \"x\"" }));
    }

    [Test]
    public void Empty_values_and_trailing_empty_fields_are_kept()
    {
        var t = Parse("a,b,c\n,,\n1,,\n");
        Assert.That(t.Rows[0], Is.EqualTo(new[] { "", "", "" }));
        Assert.That(t.Rows[1], Is.EqualTo(new[] { "1", "", "" }));
    }

    [Test]
    public void An_unclosed_quote_names_the_line_where_the_field_began()
    {
        var e = Assert.Throws<InvalidInputException>(() => Parse("a,b\n1,2\n3,\"open\nmore\n"))!;
        Assert.That(e.Message, Does.StartWith("data.csv:3:").And.Contain("not closed"));
    }

    [Test]
    public void A_short_row_after_a_multiline_value_names_its_own_line()
    {
        var e = Assert.Throws<InvalidInputException>(() => Parse("a,b\n\"x\ny\",1\n2\n"))!;
        Assert.That(e.Message, Does.StartWith("data.csv:4:").And.Contain("expected 2 fields"));
    }

    [Test]
    public void Repeated_values_of_a_column_share_one_string()
    {
        var t = Parse("sex,n\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{(i % 2 == 0 ? "Male" : "Female")},{i}\n")));
        Assert.That(t.Rows[0][0], Is.EqualTo("Male"));
        Assert.That(ReferenceEquals(t.Rows[0][0], t.Rows[2][0]), Is.True, "a million rows of a category must not be a million strings");
        Assert.That(t.Rows.Select(r => r[1]).Distinct().Count(), Is.EqualTo(100));
    }
}
