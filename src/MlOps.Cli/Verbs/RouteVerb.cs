using CommandLine;

namespace MlOps.Cli.Verbs;

/// <summary>Internal: the local deploy target starts this as the environment's weighted router; users never call it.</summary>
[Verb("route", Hidden = true, HelpText = "(internal) Run the local target's weighted router on loopback.")]
public sealed class RouteVerb
{
    [Option("host", Default = "127.0.0.1", HelpText = "Loopback address to listen on.")]
    public string Host { get; set; } = "127.0.0.1";

    [Option('p', "port", Default = 0, HelpText = "The environment's port (0 = any free port).")]
    public int Port { get; set; }

    [Option("url-file", Required = true, HelpText = "Written with the router's URL and admin URL (JSON) once it listens.")]
    public string UrlFile { get; set; } = "";
}
