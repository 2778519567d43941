using System.Security.Cryptography;
using System.Text.Json;

namespace MlOps.Registry.Audit;

/// <summary>
/// Walks events.jsonl and checks every link: each line's bytes against its own hash (an edited line), its prevHash
/// against the line before (a deleted, inserted or reordered line) and its seq against the count (which of those it
/// was). Reading goes on after a break, re-anchored on the line as found, so one edit is reported once.
/// </summary>
/// <remarks>
/// A hash chain cannot see its own end cut off: nothing follows the last line. That case is caught by the registry's
/// cross-check (every published version needs its "registered" event) and by comparing the printed head seq/hash
/// with one recorded elsewhere (a CI log).
/// </remarks>
public static class AuditVerifier
{
    public static AuditVerification Verify(ReadOnlySpan<byte> log)
    {
        var lines = new List<AuditLine>();
        var problems = new List<AuditProblem>();
        var notes = new List<string>();
        var segments = Split(log, out var incomplete);
        if (incomplete)
            notes.Add($"line {segments.Count + 1} is incomplete (a write in progress, or a writer that crashed mid-line): it is ignored and the next write removes it");
        var seqs = ParseSeqs(log, segments);

        var expectedPrev = AuditChain.Genesis;
        long expectedSeq = 1;
        var chained = false;
        var legacy = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var number = i + 1;
            var line = log.Slice(segments[i].Start, segments[i].Length);
            AuditEvent e;
            try
            {
                if (line.IsEmpty) throw new JsonException("empty");
                e = AuditChain.Parse(line);
            }
            catch (JsonException)
            {
                problems.Add(new AuditProblem(number, $"line {number} is not a readable event: it was damaged or edited"));
                expectedPrev = AuditChain.LinkHash(line);
                expectedSeq++;
                continue;
            }

            var claimed = AuditChain.ClaimedHash(line);
            if (claimed is null)
            {
                if (chained)
                    problems.Add(new AuditProblem(number, $"line {number} ({Describe(e)}) has no hash: it was inserted or edited after the chain began"));
                else
                    legacy++;
                lines.Add(new AuditLine(number, e with { Seq = number }));
                expectedPrev = Convert.ToHexStringLower(SHA256.HashData(line));
                expectedSeq = number + 1;
                continue;
            }

            chained = true;
            lines.Add(new AuditLine(number, e));
            if (AuditChain.ComputeHash(line) != claimed)
                problems.Add(new AuditProblem(number, $"line {number} ({Describe(e)}) was edited: its content does not match its hash"));
            else if (e.PrevHash != expectedPrev)
                problems.Add(new AuditProblem(number, BrokenLink(number, e, expectedSeq, seqs)));
            else if (e.Seq != expectedSeq)
                problems.Add(new AuditProblem(number, $"line {number} ({Describe(e)}) has seq {e.Seq} where {expectedSeq} was expected: it was renumbered"));
            expectedPrev = claimed;
            expectedSeq = e.Seq + 1;
        }
        if (legacy > 0)
            notes.Add($"the first {legacy} line(s) were written before the log was hash-chained: only the last of them is protected by the chain");
        return new AuditVerification(lines, problems, notes, expectedSeq - 1, expectedPrev);
    }

    /// <summary>Says which of deleted / reordered / replaced fits what the seq numbers show.</summary>
    private static string BrokenLink(int number, AuditEvent e, long expectedSeq, IReadOnlyList<long?> seqs)
    {
        var what = $"line {number} ({Describe(e)}) does not follow line {number - 1}";
        if (e.Seq > expectedSeq)
        {
            var elsewhere = seqs.ToList().IndexOf(expectedSeq);
            return elsewhere >= 0
                ? $"{what}: lines were reordered (seq {expectedSeq} is on line {elsewhere + 1})"
                : $"{what}: {(e.Seq - expectedSeq == 1 ? $"event seq {expectedSeq} was" : $"events seq {expectedSeq}-{e.Seq - 1} were")} deleted before it";
        }
        if (e.Seq < expectedSeq)
            return $"{what}: lines were reordered or copied (seq {e.Seq} after seq {expectedSeq - 1})";
        return $"{what}: its prevHash differs, so line {number - 1} was replaced or edited and re-hashed";
    }

    private static string Describe(AuditEvent e) => $"seq {e.Seq}, {e.Event} {e.Subject}";

    private static List<(int Start, int Length)> Split(ReadOnlySpan<byte> log, out bool incomplete)
    {
        var segments = new List<(int, int)>();
        var start = 0;
        while (start < log.Length)
        {
            var end = log[start..].IndexOf((byte)'\n');
            if (end < 0) break;
            segments.Add((start, end));
            start += end + 1;
        }
        incomplete = start < log.Length;
        return segments;
    }

    private static List<long?> ParseSeqs(ReadOnlySpan<byte> log, List<(int Start, int Length)> segments)
    {
        var seqs = new List<long?>(segments.Count);
        foreach (var (start, length) in segments)
        {
            try
            {
                using var doc = JsonDocument.Parse(log.Slice(start, length).ToArray());
                seqs.Add(doc.RootElement.TryGetProperty("seq", out var s) && s.TryGetInt64(out var v) ? v : null);
            }
            catch (JsonException)
            {
                seqs.Add(null);
            }
        }
        return seqs;
    }
}
