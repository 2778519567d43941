using MlOps.Core.Errors;
using MlOps.Steps.Common;

namespace MlOps.Steps.Tests;

/// <summary>Candidate and baseline score side by side; a failure must read as it would if they had scored in turn.</summary>
public class ConcurrentlyTests
{
    [Test]
    public void Both_results_come_back_in_order()
    {
        var (first, second) = Concurrently.Both(() => 1, () => "two");
        Assert.That((first, second), Is.EqualTo((1, "two")));
    }

    [Test]
    public void When_both_fail_the_first_error_is_the_one_shown_unwrapped()
    {
        var error = Assert.Throws<InvalidInputException>(() => Concurrently.Both<int, int>(
            () => throw new InvalidInputException("candidate: column 'age' is missing"),
            () => throw new InvalidOperationException("baseline failed too")));
        Assert.That(error!.Message, Is.EqualTo("candidate: column 'age' is missing"));
    }

    [Test]
    public void When_only_the_second_fails_its_own_error_is_shown_unwrapped()
    {
        var error = Assert.Throws<InvalidInputException>(() => Concurrently.Both<int, int>(
            () => 1, () => throw new InvalidInputException("baseline: NaN scores")));
        Assert.That(error!.Message, Is.EqualTo("baseline: NaN scores"));
    }

    [Test]
    public void A_failure_of_the_first_still_waits_for_the_second_to_finish()
    {
        // The caller disposes both models as soon as this returns: the second must not still be scoring.
        var finished = false;
        Assert.Throws<InvalidInputException>(() => Concurrently.Both<int, int>(
            () => throw new InvalidInputException("candidate failed"),
            () => { Thread.Sleep(300); finished = true; return 2; }));
        Assert.That(finished, Is.True);
    }
}
