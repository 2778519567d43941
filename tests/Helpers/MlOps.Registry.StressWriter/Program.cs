using System.Globalization;
using MlOps.Registry;
using MlOps.Registry.Audit;

// Usage: StressWriter REGISTRY MODEL WRITER FIRST COUNT PAYLOAD_BYTES
// Registers items FIRST..COUNT-1 of writer WRITER, each a folder whose bytes are derived from (WRITER, item), and
// prints "ack WRITER ITEM VERSION CONTENT_SHA256" only after RegisterAsync returned: a printed line is a promise the
// test holds the registry to, however the process dies afterwards.
var root = args[0];
var model = args[1];
var writer = int.Parse(args[2], CultureInfo.InvariantCulture);
var first = int.Parse(args[3], CultureInfo.InvariantCulture);
var count = int.Parse(args[4], CultureInfo.InvariantCulture);
var payloadBytes = int.Parse(args[5], CultureInfo.InvariantCulture);

var registry = new LocalModelRegistry(root, TimeSpan.FromMinutes(2), new AuditContext($"writer-{writer}", "local"));
var scratch = Path.Combine(Path.GetTempPath(), $"mlops-stress-{Environment.ProcessId}");
Directory.CreateDirectory(scratch);
try
{
    for (var item = first; item < count; item++)
    {
        var source = Path.Combine(scratch, item.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Combine(source, "model.bin"), Payload(writer, item, payloadBytes));
        File.WriteAllText(Path.Combine(source, "id.txt"), $"{writer} {item}");
        var version = await registry.RegisterAsync(model, source, new RegisterOptions(new Dictionary<string, string>
        {
            ["writer"] = writer.ToString(CultureInfo.InvariantCulture),
            ["item"] = item.ToString(CultureInfo.InvariantCulture),
        }));
        Console.Out.WriteLine($"ack {writer} {item} {version.Version} {version.ContentSha256}");
        Console.Out.Flush();
        Directory.Delete(source, recursive: true);
    }
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

// Deterministic per (writer, item), so the test can recompute what each version must hold.
static byte[] Payload(int writer, int item, int length)
{
    var bytes = new byte[length];
    new Random(writer * 100_003 + item).NextBytes(bytes);
    return bytes;
}
