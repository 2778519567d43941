using System.Diagnostics;
using System.Net.Sockets;

/// <summary>
/// One keep-alive connection with one request in flight at a time. A request that falls due while the previous one
/// is unanswered waits in a queue and is sent the moment the answer is in (its latency from due time includes the
/// wait). A thread blocked in receive reads each answer; the times are kept in arrays sized up front.
/// </summary>
sealed class Connection(Uri uri, byte[] request, int capacity)
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly ResponseReader _reader = new();
    private readonly Queue<long> _waiting = new();
    private readonly double[] _fromDue = new double[capacity], _fromSend = new double[capacity];
    private Thread? _receiver;
    private bool _busy, _dead;
    private long _due, _sent;
    private int _done, _expected;
    public int Errors;

    public IEnumerable<double> FromDue => _fromDue.Take(_done);
    public IEnumerable<double> FromSend => _fromSend.Take(_done);

    public void Start()
    {
        _socket.Connect(uri.Host, uri.Port);
        _receiver = new Thread(Receive) { IsBackground = true, Name = "receiver" };
        _receiver.Start();
    }

    /// <summary>Called by the pacer when one of this connection's requests falls due.</summary>
    public void Due(long due)
    {
        lock (_waiting)
        {
            _expected++;
            if (_dead) { Errors++; Monitor.PulseAll(_waiting); return; }
            if (_busy) { _waiting.Enqueue(due); return; }
            _busy = true;
        }
        Send(due);
    }

    private void Send(long due)
    {
        _due = due;
        _sent = Stopwatch.GetTimestamp();
        try
        {
            _socket.Send(request);
        }
        catch (SocketException)
        {
            Fail();
        }
    }

    private void Receive()
    {
        try
        {
            while (true)
            {
                var ok = _reader.Read(_socket);
                var now = Stopwatch.GetTimestamp();
                long next;
                lock (_waiting)
                {
                    _fromDue[_done] = (now - _due) / 1e6;
                    _fromSend[_done] = (now - _sent) / 1e6;
                    _done++;
                    if (!ok) Errors++;
                    Monitor.PulseAll(_waiting);
                    if (!_waiting.TryDequeue(out next)) { _busy = false; continue; }
                }
                Send(next);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            Fail();
        }
    }

    /// <summary>The connection is gone: the request in flight and every later one count as errors.</summary>
    private void Fail()
    {
        lock (_waiting)
        {
            if (_dead) return;
            _dead = true;
            Errors += _waiting.Count + (_busy ? 1 : 0);
            _waiting.Clear();
            Monitor.PulseAll(_waiting);
        }
    }

    /// <summary>
    /// Waits until every request handed to this connection is answered or failed (at most 10 s: those still
    /// unanswered then count as errors), then closes it.
    /// </summary>
    public void Finish()
    {
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        lock (_waiting)
        {
            while (!_dead && (_busy || _done < _expected) && Stopwatch.GetTimestamp() < deadline)
                Monitor.Wait(_waiting, 10);
            if (!_dead) Errors += _expected - _done;
            _dead = true;
        }
        _socket.Dispose();
    }
}
