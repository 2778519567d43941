namespace MlOps.CiHosts;

/// <summary>Shared plumbing: environment access, secret bookkeeping and redaction of everything written.</summary>
public abstract class CiHostBase(Func<string, string?> getEnv, TextWriter stdout, TextWriter stderr) : ICiHost
{
    private readonly List<string> _secrets = [];

    protected Func<string, string?> Env { get; } = getEnv;
    protected TextWriter Stdout { get; } = stdout;
    protected TextWriter Stderr { get; } = stderr;

    public abstract string Name { get; }

    public abstract CiRunInfo Run { get; }

    /// <summary>The variable's value, or null when it is unset or empty (an unset pipeline variable is often passed as "").</summary>
    protected string? Var(string name) => Env(name) is { Length: > 0 } value ? value : null;

    public string? GetInput(string name)
    {
        var value = Env(InputVariable(name));
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The environment variable through which the host passes the input called <paramref name="name"/>.</summary>
    protected abstract string InputVariable(string name);

    public virtual void SetSecret(string value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_secrets)
            if (!_secrets.Contains(value))
            {
                _secrets.Add(value);
                // Longest first: a secret that contains another is hidden whole instead of leaving its tail visible.
                _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
            }
    }

    protected bool IsSecret(string value)
    {
        lock (_secrets) return _secrets.Contains(value);
    }

    protected string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    public string Redact(string text)
    {
        lock (_secrets)
            foreach (var secret in _secrets)
                text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    public virtual void Info(string message) => Stdout.WriteLine(Redact(message));

    public abstract void SetOutput(string name, string value);
    public abstract void LogIssue(IssueSeverity severity, string message, string? file = null, int? line = null, int? column = null);
    public abstract void BeginGroup(string title);
    public abstract void EndGroup();
    public abstract void UploadSummary(string markdown);
    public abstract void SetProgress(int percent, string description);
    public abstract void Fail(string message);
}
