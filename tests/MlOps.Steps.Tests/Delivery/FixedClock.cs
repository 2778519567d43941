namespace MlOps.Steps.Tests.Delivery;

/// <summary>A clock that says what the test wants, so "now" (the window's end) is known exactly.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
