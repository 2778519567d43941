namespace MlOps.Reports.Html;

/// <summary>
/// The report's only stylesheet, inlined so report.html is one file that opens offline and as a CI artifact.
/// System font stack: no web fonts, no requests to other hosts.
/// </summary>
internal static class ReportStyles
{
    public const string Css = """
        :root { --pass: #1a7f37; --fail: #cf222e; --muted: #57606a; --line: #d0d7de; --bg-fail: #ffebe9; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 24px; color: #1f2328; background: #fff;
               font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif,
               "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; }
        main { max-width: 1120px; margin: 0 auto; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        .verdict { font-size: 18px; font-weight: 600; padding: 10px 14px; border-radius: 6px; margin: 8px 0; }
        .verdict.pass { color: var(--pass); background: #dafbe1; }
        .verdict.fail { color: var(--fail); background: var(--bg-fail); }
        .meta, .muted { color: var(--muted); }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: #f6f8fa; font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.failed td { background: var(--bg-fail); }
        .result.pass { color: var(--pass); font-weight: 600; }
        .result.fail { color: var(--fail); font-weight: 700; }
        ul.failures li { color: var(--fail); }
        code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
        figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
        figcaption { font-weight: 600; margin-bottom: 4px; }
        svg.chart { width: 100%; height: auto; display: block; font-size: 11px; }
        svg.chart.wide { max-width: 900px; }
        svg .grid { stroke: #e1e4e8; stroke-width: 1; }
        svg .axis { stroke: #57606a; stroke-width: 1.2; }
        svg .tick, svg .note { fill: #57606a; font-size: 10px; }
        svg .note { font-style: italic; }
        svg .label { fill: #1f2328; font-size: 12px; }
        svg .value { fill: #1f2328; font-size: 10px; }
        blockquote { margin: 4px 0; padding: 4px 12px; border-left: 4px solid var(--line); color: var(--muted); }
        """;
}
