// The latency floor of this machine for an ASP.NET Core server: Kestrel set up as `mlops serve` sets it up (inline
// socket completions, slim builder, no logging), reading each POST /score body and answering a fixed one-row answer,
// with no model, no JSON parsing and no metrics. Paced at the same rate as mlops, its p99 is what any Kestrel server
// gets here; the difference to mlops's p99 is ours to win.
// Usage: Floor PORT
using System.Net;

if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, int.Parse(args[0])));
var app = builder.Build();
var answer = """{"predictions":[{"label":"<=50K","probability":0.1}]}"""u8.ToArray();
app.MapPost("/score", async (HttpContext http) =>
{
    var buffer = new byte[4096];
    while (await http.Request.Body.ReadAsync(buffer, http.RequestAborted) > 0)
    {
    }
    http.Response.ContentType = "application/json";
    await http.Response.Body.WriteAsync(answer, http.RequestAborted);
});
app.MapGet("/ping", () => "ok");
app.Run();
