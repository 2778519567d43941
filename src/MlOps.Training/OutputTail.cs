namespace MlOps.Training;

/// <summary>
/// The last lines a failed command printed, for the error message. stdout and stderr arrive on two threads in no
/// guaranteed order, so the final error on stderr can land before the last lines of progress on stdout; the last
/// stderr lines are therefore kept apart and always shown.
/// </summary>
internal sealed class OutputTail(int lines)
{
    private readonly Queue<string> _all = new();
    private readonly Queue<string> _errors = new();

    public void Add(string line, bool isError)
    {
        lock (_all)
        {
            Push(_all, line, lines);
            if (isError) Push(_errors, line, lines / 2);
        }
    }

    public string Describe()
    {
        lock (_all)
        {
            if (_all.Count == 0) return " (it printed nothing)";
            var missed = _errors.Where(e => !_all.Contains(e)).ToList();
            return $"; its last lines:\n  {string.Join("\n  ", _all)}" +
                   (missed.Count == 0 ? "" : $"\n  last lines on stderr:\n  {string.Join("\n  ", missed)}");
        }
    }

    private static void Push(Queue<string> queue, string line, int max)
    {
        queue.Enqueue(line);
        if (queue.Count > max) queue.Dequeue();
    }
}
