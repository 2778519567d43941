using MlOps.Core.Data;
using MlOps.Core.DataChecks;
using MlOps.Core.Modeling;

namespace MlOps.Server.Tests;

/// <summary>
/// The drift gauges on /metrics: PSI of each feature and of the prediction over the last scored rows, against the
/// training profile, with the numbers `mlops evaluate` reports for the same rows.
/// </summary>
public class DriftGaugeTests : ServerTestBase
{
    private static readonly DataProfile Training = IncomeTraffic.Profile();

    [Test]
    public async Task Rows_from_the_training_population_keep_every_PSI_below_0_1()
    {
        var url = await Start(new FakeBinaryModel(), profile: Training);
        await Score(url, IncomeTraffic.Rows(2000, seed: 2));

        var text = await Metrics(url);

        Assert.That(Sample(text, "mlops_drift_window_rows"), Is.EqualTo(2000));
        Assert.That(Sample(text, """mlops_feature_drift_psi{feature="age"}"""), Is.LessThan(0.1));
        Assert.That(Sample(text, """mlops_feature_drift_psi{feature="sex"}"""), Is.LessThan(0.1));
        Assert.That(Sample(text, "mlops_prediction_drift_psi"), Is.LessThan(0.1));
    }

    [TestCase("age")]
    [TestCase("sex")]
    public async Task A_shifted_feature_and_only_that_one_goes_above_0_25(string shifted)
    {
        var url = await Start(new FakeBinaryModel(), profile: Training);
        // Ten years older, or sexes coded in a way training never saw (pooled in "(other)").
        var rows = shifted == "age"
            ? IncomeTraffic.Rows(2000, seed: 3, ageShift: 10)
            : IncomeTraffic.Rows(2000, seed: 3, sexOf: s => s?[..1]);
        await Score(url, rows);

        var text = await Metrics(url);

        foreach (var feature in new[] { "age", "sex" })
            Assert.That(Sample(text, $$"""mlops_feature_drift_psi{feature="{{feature}}"}"""),
                feature == shifted ? Is.GreaterThan(0.25) : Is.LessThan(0.1), feature);
        Assert.That(Sample(text, "mlops_prediction_drift_psi"), Is.GreaterThan(0.1), "the model's scores move with its inputs");
    }

    [Test]
    public async Task The_gauges_are_the_PSI_mlops_evaluate_reports_for_the_same_rows()
    {
        var url = await Start(new FakeBinaryModel(), profile: Training);
        var rows = IncomeTraffic.Rows(1500, seed: 4, ageShift: 3, sexOf: s => s == "Female" ? "female" : s);
        await Score(url, rows, batch: 70);

        var text = await Metrics(url);

        AssertSameAsEvaluate(text, rows);
    }

    [Test]
    public async Task Old_rows_age_out_of_the_window()
    {
        var url = await Start(new FakeBinaryModel(), new ScoringServerOptions(DriftWindowRows: 1000), Training);
        await Score(url, IncomeTraffic.Rows(1000, seed: 5, ageShift: 15));
        Assert.That(Sample(await Metrics(url), """mlops_feature_drift_psi{feature="age"}"""), Is.GreaterThan(0.25));

        var recent = IncomeTraffic.Rows(1000, seed: 6);
        await Score(url, recent);
        var text = await Metrics(url);

        Assert.That(Sample(text, "mlops_drift_window_rows"), Is.EqualTo(1000));
        Assert.That(Sample(text, """mlops_feature_drift_psi{feature="age"}"""), Is.LessThan(0.1), "the shifted rows have left the window");
        AssertSameAsEvaluate(text, recent);

        // The window moves a tenth at a time: 50 more rows push out the oldest 100.
        await Score(url, IncomeTraffic.Rows(50, seed: 7));
        Assert.That(Sample(await Metrics(url), "mlops_drift_window_rows"), Is.EqualTo(950));
    }

    [Test]
    public async Task A_request_over_256_rows_is_sampled_at_an_even_stride_each_sampled_row_counting_for_the_stride()
    {
        var url = await Start(new FakeBinaryModel(), profile: Training);
        var rows = IncomeTraffic.Rows(1000, seed: 10, ageShift: 12);
        await Score(url, rows, batch: 1000);

        var text = await Metrics(url);

        Assert.That(Sample(text, "mlops_drift_window_rows"), Is.EqualTo(1000), "250 sampled rows standing for 4 each");
        var sampled = rows.SelectRows(Enumerable.Range(0, 250).Select(i => i * 4).ToArray());
        AssertSameAsEvaluate(text, sampled);
        Assert.That(Sample(text, """mlops_feature_drift_psi{feature="age"}"""), Is.EqualTo(Evaluate("age", rows)).Within(0.1),
            "the sample's PSI estimates the whole request's");
        Assert.That(Sample(text, """mlops_feature_drift_psi{feature="age"}"""), Is.GreaterThan(0.25), "and still sees the shift");
    }

    [Test]
    public async Task Concurrent_requests_are_all_counted_exactly()
    {
        var url = await Start(new FakeBinaryModel(), profile: Training);
        var rows = IncomeTraffic.Rows(1400, seed: 8, ageShift: 2);

        // 8 clients at once, each sending 25 requests of 7 rows.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(client => Task.Run(async () =>
        {
            for (var r = 0; r < 25; r++)
            {
                var from = (client * 25 + r) * 7;
                var reply = await Post(url, IncomeTraffic.Body(rows, from, from + 7));
                Assert.That(reply.Status, Is.EqualTo(System.Net.HttpStatusCode.OK), reply.Text);
            }
        })));
        var text = await Metrics(url);

        Assert.That(Sample(text, "mlops_drift_window_rows"), Is.EqualTo(1400));
        AssertSameAsEvaluate(text, rows);
    }

    [Test]
    public void Many_threads_scoring_at_once_lose_no_count()
    {
        var tracker = new DriftTracker(Training, new FakeBinaryModel().Card, int.MaxValue, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var rows = IncomeTraffic.Rows(3000, seed: 9, ageShift: 1);
        var predictions = Predictions.Binary(IncomeTraffic.Predictions(rows).Numbers);

        // Requests of 1 to 3 rows, made up front so the 4 threads do little but count, all into the same slots; the
        // rows are scored 400 times over, so the shares (and PSI) are those of the rows and every count is 400 times theirs.
        var requests = new List<(Table Rows, Predictions Predictions)>();
        for (int start = 0, size = 1; start < rows.RowCount; start += size, size = size % 3 + 1)
        {
            var take = Enumerable.Range(start, Math.Min(size, rows.RowCount - start)).ToArray();
            requests.Add((rows.SelectRows(take), Predictions.Binary(take.Select(r => predictions.Probabilities![r]).ToArray())));
        }
        const int rounds = 400;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            for (var round = 0; round < rounds; round++)
                for (var i = thread; i < requests.Count; i += 4) tracker.Observe(requests[i].Rows, requests[i].Predictions);
        });
        var (windowRows, featurePsi, predictionPsi) = tracker.Measure();

        Assert.That(windowRows, Is.EqualTo(rounds * rows.RowCount));
        Assert.That(featurePsi, Is.EqualTo(new[] { Evaluate("age", rows), Evaluate("sex", rows) }).Within(1e-12));
        Assert.That(predictionPsi, Is.EqualTo(DriftCalculator.Psi(Training.Prediction!, IncomeTraffic.Predictions(rows))).Within(1e-12));
    }

    [Test]
    public async Task Before_the_first_row_the_window_is_empty_and_PSI_is_not_a_number()
    {
        var url = await Start(new FakeBinaryModel(), profile: Training);

        var text = await Metrics(url);

        Assert.That(Sample(text, "mlops_drift_window_rows"), Is.EqualTo(0));
        Assert.That(Sample(text, """mlops_feature_drift_psi{feature="age"}"""), Is.NaN, "no alert on a server nobody has called yet");
        Assert.That(Sample(text, "mlops_prediction_drift_psi"), Is.NaN);
    }

    [Test]
    public async Task Without_a_profile_or_with_a_zero_window_there_are_no_drift_gauges()
    {
        var noProfile = await Start(new FakeBinaryModel());
        var off = await Start(new FakeBinaryModel(), new ScoringServerOptions(DriftWindowRows: 0), Training);
        foreach (var url in new[] { noProfile, off })
        {
            await Score(url, IncomeTraffic.Rows(10, seed: 10));
            var text = await Metrics(url);
            Assert.That(text, Does.Not.Contain("drift"));
            Assert.That(Sample(text, "mlops_scored_rows_total"), Is.EqualTo(10), "scoring itself is unaffected");
        }
    }

    [Test]
    public async Task A_profile_without_the_models_predictions_gives_feature_gauges_only()
    {
        var url = await Start(new FakeBinaryModel(), profile: IncomeTraffic.Profile(withPrediction: false));
        await Score(url, IncomeTraffic.Rows(100, seed: 11));

        var text = await Metrics(url);

        Assert.That(Sample(text, """mlops_feature_drift_psi{feature="age"}"""), Is.LessThan(0.1));
        Assert.That(text, Does.Not.Contain("mlops_prediction_drift_psi"));
    }

    [Test]
    public async Task A_multiclass_model_drifts_in_its_predicted_labels()
    {
        var model = new FakeMulticlassModel();
        var random = new Random(12);
        double[] Petals(int n, double max) => Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * max, 1)).ToArray();
        var training = new Table([TableColumn.Numeric("petal", Petals(3000, 7))]);
        var labels = model.Predict(training);
        var profile = DataProfile.Build(training, ["petal"]) with
        {
            Prediction = DataProfile.Profile(TableColumn.Categorical("prediction",
                Enumerable.Range(0, training.RowCount).Select(r => model.Card.Classes[labels.PredictedClass(r)]).ToArray())),
        };
        var url = await Start(model, profile: profile);

        // Only short petals: every prediction is "setosa", a third of the training predictions.
        var reply = await Post(url, $$"""{"petal": [{{string.Join(",", Petals(500, 1.9).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)))}}]}""");
        Assert.That(reply.Status, Is.EqualTo(System.Net.HttpStatusCode.OK), reply.Text);
        var text = await Metrics(url);

        Assert.That(Sample(text, "mlops_prediction_drift_psi"), Is.GreaterThan(0.25));
    }

    [Test]
    public void A_negative_window_is_refused_as_bad_input()
    {
        var e = Assert.Throws<MlOps.Core.Errors.InvalidInputException>(() => new ScoringServerOptions(DriftWindowRows: -1).Validate());
        Assert.That(e!.Message, Does.Contain("drift window").And.Contain("-1"));
    }

    /// <summary>Scores the rows in requests of <paramref name="batch"/> rows, one after the other.</summary>
    private async Task Score(string url, Table rows, int batch = 100)
    {
        for (var from = 0; from < rows.RowCount; from += batch)
        {
            var reply = await Post(url, IncomeTraffic.Body(rows, from, Math.Min(rows.RowCount, from + batch)));
            Assert.That(reply.Status, Is.EqualTo(System.Net.HttpStatusCode.OK), reply.Text);
        }
    }

    private async Task<string> Metrics(string url) => await Http.GetStringAsync(url + "/metrics");

    private static double Evaluate(string feature, Table rows) => DriftCalculator.Psi(Training.Find(feature)!, rows[feature]);

    private static void AssertSameAsEvaluate(string metrics, Table rows)
    {
        foreach (var feature in new[] { "age", "sex" })
            Assert.That(Sample(metrics, $$"""mlops_feature_drift_psi{feature="{{feature}}"}"""), Is.EqualTo(Evaluate(feature, rows)).Within(1e-12), feature);
        Assert.That(Sample(metrics, "mlops_prediction_drift_psi"),
            Is.EqualTo(DriftCalculator.Psi(Training.Prediction!, IncomeTraffic.Predictions(rows))).Within(1e-12));
    }
}
