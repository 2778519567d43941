using CommandLine;

namespace MlOps.Cli.Verbs;

/// <summary>How help examples are written.</summary>
internal static class ExampleSettings
{
    /// <summary>Examples show only what they set, not every option at its default.</summary>
    public static readonly UnParserSettings Terse = new() { SkipDefault = true };
}
