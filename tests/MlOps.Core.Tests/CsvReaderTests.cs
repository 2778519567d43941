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

    [TestCase("utf-8")]
    [TestCase("utf-16")]
    [TestCase("utf-16BE")]
    public void A_file_with_a_byte_order_mark_reads_the_same_header_and_accented_values(string encoding)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-bom-{Guid.NewGuid():N}.csv");
        try
        {
            // GetEncoding's UTF encodings write their byte order mark first.
            File.WriteAllText(path, "city,rows\nZürich,1\nSão Paulo,2\n", System.Text.Encoding.GetEncoding(encoding));
            var t = CsvReader.Read(path, "cities.csv");
            Assert.That(t.Header, Is.EqualTo(new[] { "city", "rows" }), "the mark is not part of the first column's name");
            Assert.That(t.Rows.Select(r => r[0]), Is.EqualTo(new[] { "Zürich", "São Paulo" }));
            Assert.That(t.Lines, Is.EqualTo(new[] { 2, 3 }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Columns_hold_the_same_fields_as_the_rows()
    {
        var t = Parse("a,b,c\n1,x,\n2,y,z\n");
        Assert.That(t.RowCount, Is.EqualTo(2));
        Assert.That(t.Columns.Select(c => c.ToArray()), Is.EqualTo(new[] { new[] { "1", "2" }, new[] { "x", "y" }, new[] { "", "z" } }));
        Assert.That(t.Rows[1], Is.EqualTo(new[] { "2", "y", "z" }));
        Assert.That(() => t.Rows[2], Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}

public class CsvReaderLargeFileTests
{
    /// <summary>Over the size where two threads parse two halves: same rows, same line numbers, same errors.</summary>
    private static string Large(int rows, Func<int, string>? row = null)
    {
        var text = new System.Text.StringBuilder("id,city,x\r\n");
        for (var i = 0; i < rows; i++) text.Append(row?.Invoke(i) ?? $"{i},{(i % 3 == 0 ? "Paris" : "Oslo")},{i * 0.5}\r\n");
        return text.ToString();
    }

    [Test]
    public void A_large_file_parsed_in_halves_keeps_every_row_in_order_with_its_line()
    {
        var csv = Large(300_000);
        Assert.That(csv.Length, Is.GreaterThan(4_000_000), "large enough for the two-thread path");
        var t = CsvReader.Parse(new StringReader(csv), "big.csv");
        Assert.That(t.Rows, Has.Count.EqualTo(300_000));
        Assert.That(t.Rows.Select(r => int.Parse(r[0])), Is.Ordered.And.EqualTo(Enumerable.Range(0, 300_000)));
        Assert.That(t.Lines[0], Is.EqualTo(2));
        Assert.That(t.Lines[^1], Is.EqualTo(300_001));
        Assert.That(t.Lines.Zip(t.Lines.Skip(1)).All(p => p.Second == p.First + 1), Is.True);
        Assert.That(t.Rows[^1][2], Is.EqualTo("149999.5"), "CRLF stays out of the last value");
    }

    [Test]
    public void A_short_row_in_the_second_half_names_its_own_line()
    {
        var csv = Large(300_000, i => i == 250_000 ? "oops\r\n" : $"{i},Oslo,1\r\n");
        var e = Assert.Throws<InvalidInputException>(() => CsvReader.Parse(new StringReader(csv), "big.csv"))!;
        Assert.That(e.Message, Does.StartWith("big.csv:250002:").And.Contain("expected 3 fields"));
    }

    [Test]
    public void With_errors_in_both_halves_the_first_one_in_the_file_is_reported()
    {
        var csv = Large(300_000, i => i is 10 or 250_000 ? "oops\r\n" : $"{i},Oslo,1\r\n");
        var e = Assert.Throws<InvalidInputException>(() => CsvReader.Parse(new StringReader(csv), "big.csv"))!;
        Assert.That(e.Message, Does.StartWith("big.csv:12:"));
    }
}
