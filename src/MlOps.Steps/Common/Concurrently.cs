using System.Runtime.ExceptionServices;

namespace MlOps.Steps.Common;

/// <summary>Runs two independent pieces of work side by side, failing as running them in order would.</summary>
public static class Concurrently
{
    /// <summary>
    /// <paramref name="second"/> runs on the thread pool while <paramref name="first"/> runs here. Both always finish
    /// before this returns (no work left touching what the caller disposes next); when both fail, the first's error is
    /// the one thrown, unwrapped, so a user sees the message a sequential run would have shown.
    /// </summary>
    public static (T First, TSecond Second) Both<T, TSecond>(Func<T> first, Func<TSecond> second)
    {
        var other = Task.Run(second);
        T result;
        try
        {
            result = first();
        }
        catch
        {
            ((IAsyncResult)other).AsyncWaitHandle.WaitOne();
            throw;
        }
        try
        {
            return (result, other.GetAwaiter().GetResult());
        }
        catch (Exception e)
        {
            ExceptionDispatchInfo.Capture(e).Throw();
            throw;
        }
    }
}
