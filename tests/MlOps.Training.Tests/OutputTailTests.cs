namespace MlOps.Training.Tests;

public class OutputTailTests
{
    [Test]
    public void The_last_stderr_lines_are_shown_even_when_stdout_arrived_after_them()
    {
        // What the two reader threads can deliver: the error first, then the rest of the progress output.
        var tail = new OutputTail(20);
        tail.Add("ValueError: training diverged", isError: true);
        for (var i = 0; i < 30; i++) tail.Add($"epoch {i}: loss nan", isError: false);
        var text = tail.Describe();
        Assert.That(text, Does.Contain("epoch 29: loss nan").And.Not.Contain("epoch 9:"));
        Assert.That(text, Does.EndWith("last lines on stderr:\n  ValueError: training diverged"));
    }

    [Test]
    public void Stderr_already_in_the_tail_is_not_repeated_and_silence_is_said()
    {
        var tail = new OutputTail(20);
        tail.Add("step 1", isError: false);
        tail.Add("boom", isError: true);
        Assert.That(tail.Describe(), Is.EqualTo("; its last lines:\n  step 1\n  boom"));
        Assert.That(new OutputTail(20).Describe(), Is.EqualTo(" (it printed nothing)"));
    }
}
