using MlOps.Steps.Delivery;
using static MlOps.Steps.Tests.Delivery.History;

namespace MlOps.Steps.Tests.Delivery;

/// <summary>The four metrics on synthetic histories whose answers were worked out by hand (in the comments).</summary>
public class DeliveryCalculatorTests
{
    private static readonly DeliveryTarget Production = DeliveryTarget.Alias("production");

    private static DeliveryReport Compute(History h, string since, DateTime now, DeliveryTarget? target = null, string? model = null) =>
        DeliveryCalculator.Compute(h.Events, h.TrainingStart, target ?? Production, DeliveryWindow.Parse(since, now), model);

    [Test]
    public void No_rollbacks_lead_time_median_p90_and_frequency()
    {
        var h = new History()
            .Registered("m", 1, Nov(1)).Promoted("m", 1, Nov(1, 12), null)       // before the window: not counted
            .Trained("m", 2, Nov(4, 12)).Registered("m", 2, Nov(5)).Promoted("m", 2, Nov(6), 1)   // lead 36 h from training
            .Registered("m", 3, Nov(10)).Promoted("m", 3, Nov(12), 2)                              // no run.json: 48 h from registration
            .Trained("m", 4, Nov(19)).Registered("m", 4, Nov(20)).Promoted("m", 4, Nov(20, 6), 3); // lead 30 h

        var r = Compute(h, "28d", Nov(30)); // window Nov 2 .. Nov 30

        var all = r.All;
        Assert.That(all.Changes, Is.EqualTo(3));
        Assert.That(all.DeploymentsPerWeek, Is.EqualTo(0.75), "3 changes in 4 weeks");
        Assert.That(all.DeploymentsPerDay, Is.EqualTo(0.107), "3 / 28 rounded");
        Assert.That(all.LeadTimeMedianHours, Is.EqualTo(36), "sorted 30, 36, 48");
        Assert.That(all.LeadTimeP90Hours, Is.EqualTo(48), "nearest rank ceil(0.9 * 3) = 3");
        Assert.That(all.LeadTimesMeasured, Is.EqualTo(3));
        Assert.That(all.ChangeFailureRate, Is.EqualTo(0));
        Assert.That(all.FailedChanges + all.Rollbacks + all.Unrestored, Is.EqualTo(0));
        Assert.That(all.TimeToRestoreMedianHours, Is.Null, "nothing failed, nothing to restore");
        Assert.That(r.Changes.Select(c => c.LeadFrom), Is.EqualTo(new[] { "training", "registration", "training" }));
        Assert.That(r.Notes, Has.Some.Contains("lead time from registration").And.Some.Contains("m:3"));
    }

    /// <summary>
    /// v2 rolled back after 6 h; v3 fails a gate in production and is replaced by a good v4 after 48 h; v5 fails a
    /// gate and nothing follows. A re-promotion of v5 and a gate failure of v4 after it left production change nothing.
    /// </summary>
    private static History Troubled() => new History()
        .Registered("m", 1, Nov(1)).Promoted("m", 1, Nov(1, 1), null)
        .Registered("m", 2, Nov(3)).Promoted("m", 2, Nov(4), 1)            // lead 24 h
        .RolledBack("m", 1, Nov(4, 6), 2)                                   // v2 failed; restored in 6 h
        .Registered("m", 3, Nov(10)).Promoted("m", 3, Nov(11), 1)          // lead 24 h
        .GateFailed("m", 3, Nov(12))                                        // v3 failed
        .Registered("m", 4, Nov(12, 12)).Promoted("m", 4, Nov(13), 3)      // lead 12 h; restores v3 after 48 h
        .Registered("m", 5, Nov(20)).Promoted("m", 5, Nov(21, 6), 4)       // lead 30 h
        .GateFailed("m", 5, Nov(22))                                        // v5 failed, never restored
        .Promoted("m", 5, Nov(23), 5)                                       // no-op: not a change
        .GateFailed("m", 4, Nov(25));                                       // v4 is no longer in production: no effect

    [Test]
    public void Rollbacks_and_gate_failures_make_failed_changes_restored_or_not()
    {
        var r = Compute(Troubled(), "4w", Nov(30));

        var all = r.All;
        Assert.That(all.Changes, Is.EqualTo(4), "v2, v3, v4, v5; the re-promotion of v5 is not a change");
        Assert.That(all.DeploymentsPerWeek, Is.EqualTo(1));
        Assert.That(all.Rollbacks, Is.EqualTo(1));
        Assert.That(all.FailedChanges, Is.EqualTo(3));
        Assert.That(all.ChangeFailureRate, Is.EqualTo(0.75));
        Assert.That(all.Unrestored, Is.EqualTo(1));
        Assert.That(all.TimeToRestoreMedianHours, Is.EqualTo(27), "median of 6 and 48");
        Assert.That(all.RestoresMeasured, Is.EqualTo(2));
        Assert.That(all.LeadTimeMedianHours, Is.EqualTo(24), "sorted 12, 24, 24, 30");
        Assert.That(all.LeadTimeP90Hours, Is.EqualTo(30), "nearest rank ceil(3.6) = 4");

        Assert.That(r.Changes.Select(c => (c.Version, c.FailedBy)), Is.EqualTo(new (int, string?)[]
        {
            (2, "rolled-back to 1"), (3, "gate-failed"), (4, null), (5, "gate-failed"),
        }));
        Assert.That(r.Changes.Select(c => c.TimeToRestoreHours), Is.EqualTo(new double?[] { 6, 48, null, null }));
        Assert.That(r.Notes, Has.Some.Contains("m:5 failed (gate-failed)").And.Some.Contains("not been restored"));
    }

    [Test]
    public void The_window_start_cuts_off_earlier_changes_but_not_what_follows_them()
    {
        var r = Compute(Troubled(), "2025-11-12", Nov(30)); // 18 days: v4 and v5 only

        Assert.That(r.Changes.Select(c => c.Version), Is.EqualTo(new[] { 4, 5 }));
        Assert.That(r.All.Rollbacks, Is.EqualTo(0), "the rollback on Nov 4 is before the window");
        Assert.That(r.All.DeploymentsPerWeek, Is.EqualTo(0.778), "2 / (18 / 7)");
        Assert.That(r.All.ChangeFailureRate, Is.EqualTo(0.5));
        Assert.That(r.All.TimeToRestoreMedianHours, Is.Null, "v5 was never restored; v3's restore belongs to a change before the window");
        Assert.That(r.All.LeadTimeMedianHours, Is.EqualTo(21), "mean of 12 and 30");
        Assert.That(r.All.LeadTimeP90Hours, Is.EqualTo(30));
    }

    [Test]
    public void The_clock_cuts_off_the_future_so_a_failure_can_be_still_open()
    {
        var r = Compute(Troubled(), "2025-11-02", Nov(12, 6)); // as of Nov 12 06:00: v3 has failed, v4 not promoted yet

        Assert.That(r.Changes.Select(c => c.Version), Is.EqualTo(new[] { 2, 3 }));
        Assert.That(r.All.FailedChanges, Is.EqualTo(2));
        Assert.That(r.All.Unrestored, Is.EqualTo(1));
        Assert.That(r.All.TimeToRestoreMedianHours, Is.EqualTo(6));
    }

    [Test]
    public void Time_to_restore_skips_a_failed_fix_and_runs_to_the_rollback()
    {
        var h = new History()
            .Registered("m", 1, Nov(1)).Promoted("m", 1, Nov(1, 1), null)
            .Registered("m", 2, Nov(2)).Promoted("m", 2, Nov(10), 1)
            .GateFailed("m", 2, Nov(10, 1))                       // v2 fails
            .Registered("m", 3, Nov(10, 1)).Promoted("m", 3, Nov(10, 2), 2) // the fix, which fails too:
            .RolledBack("m", 1, Nov(10, 5), 3)                    // rolled back 3 h later
            .Demoted("m", 1, Nov(11))                             // a removal is neither change nor restore
            .Promoted("m", 1, Nov(12), null);                     // back in production: a change again

        var r = Compute(h, "2025-11-05", Nov(30));

        Assert.That(r.Changes.Select(c => (c.Version, c.TimeToRestoreHours)), Is.EqualTo(new (int, double?)[] { (2, 5), (3, 3), (1, null) }));
        Assert.That(r.All.TimeToRestoreMedianHours, Is.EqualTo(4));
        Assert.That(r.All.ChangeFailureRate, Is.EqualTo(0.6667));
        Assert.That(r.All.Unrestored, Is.EqualTo(0));
    }

    [Test]
    public void Other_aliases_and_models_are_kept_apart()
    {
        var h = new History()
            .Registered("a", 1, Nov(1)).Promoted("a", 1, Nov(3), null).Promoted("a", 1, Nov(3), null, alias: "staging")
            .Registered("b", 1, Nov(1)).Promoted("b", 1, Nov(5), null)
            .Registered("b", 2, Nov(6)).Promoted("b", 2, Nov(7), 1).RolledBack("b", 1, Nov(7, 12), 2);

        var r = Compute(h, "2025-11-02", Nov(9)); // one week

        Assert.That(r.Models.Select(m => (m.Model, m.Changes, m.FailedChanges)), Is.EqualTo(new[] { ("a", 1, 0), ("b", 2, 1) }));
        Assert.That(r.All.Changes, Is.EqualTo(3), "the staging promotion is not a production change");
        Assert.That(r.All.DeploymentsPerWeek, Is.EqualTo(3));
        Assert.That(r.All.LeadTimeMedianHours, Is.EqualTo(48), "leads 48 (a:1), 96 (b:1), 24 (b:2)");

        var onlyA = Compute(h, "2025-11-02", Nov(9), model: "a");
        Assert.That(onlyA.All.Changes, Is.EqualTo(1));
        Assert.That(onlyA.All.Rollbacks, Is.EqualTo(0));
        var staging = Compute(h, "2025-11-02", Nov(9), DeliveryTarget.Alias("staging"));
        Assert.That(staging.Changes.Select(c => c.Model), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void An_environment_target_counts_deployments_not_promotions()
    {
        var h = new History()
            .Registered("m", 1, Nov(1)).Promoted("m", 1, Nov(2), null).Deployed("m", 1, Nov(2, 1), "prod", null)
            .Registered("m", 2, Nov(3)).Promoted("m", 2, Nov(4), 1).Deployed("m", 2, Nov(4, 2), "prod", 1)
            .EnvRolledBack("m", 1, Nov(4, 3), "prod", 2)
            .Deployed("m", 1, Nov(5), "prod", 1); // re-deployment of what runs: no change

        var r = Compute(h, "2025-11-01", Nov(8), DeliveryTarget.Env("prod"));

        Assert.That(r.Target, Is.EqualTo("environment prod"));
        Assert.That(r.Changes.Select(c => (c.Version, c.LeadTimeHours, c.TimeToRestoreHours)),
            Is.EqualTo(new (int, double?, double?)[] { (1, 25, null), (2, 26, 1) }));
        Assert.That(r.All.Rollbacks, Is.EqualTo(1));
        Assert.That(r.All.ChangeFailureRate, Is.EqualTo(0.5));
    }

    [Test]
    public void An_empty_history_measures_nothing_without_dividing_by_zero()
    {
        var r = Compute(new History().Registered("m", 1, Nov(1)), "30d", Nov(30));

        Assert.That(r.Empty, Is.True);
        Assert.That(r.Models, Is.Empty);
        Assert.That(r.All.Changes, Is.EqualTo(0));
        Assert.That(r.All.DeploymentsPerWeek, Is.EqualTo(0));
        Assert.That(r.All.ChangeFailureRate, Is.Null);
        Assert.That(r.All.LeadTimeMedianHours, Is.Null);
        Assert.That(r.All.LeadTimeP90Hours, Is.Null);
        Assert.That(r.All.TimeToRestoreMedianHours, Is.Null);
    }
}
