using System.Diagnostics.Metrics;

namespace Signals.Health;

/// <summary>
/// The numbers ops watch, on the "Signals" meter (exported for Prometheus on /metrics): posts
/// fetched and stored per feed, feed errors, classification latency, alerts opened and sent, and
/// the age of the oldest alert waiting in the outbox.
/// </summary>
public sealed class SignalsMetrics : IDisposable
{
    public const string MeterName = "Signals";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _fetched;
    private readonly Counter<long> _stored;
    private readonly Counter<long> _feedErrors;
    private readonly Histogram<double> _classification;
    private readonly Counter<long> _alertsOpened;
    private readonly Counter<long> _alertsSent;
    private readonly Counter<long> _transformerScored;
    private readonly Counter<long> _transformerFallback;
    private readonly Counter<long> _translated;
    private readonly Counter<long> _translationFallback;
    private double _outboxAgeSeconds;

    public SignalsMetrics()
    {
        _fetched = _meter.CreateCounter<long>("signals_posts_fetched", "{post}", "Posts read from a feed");
        _stored = _meter.CreateCounter<long>("signals_posts_stored", "{post}", "New posts about watched products stored");
        _feedErrors = _meter.CreateCounter<long>("signals_feed_errors", "{error}", "Failed feed reads");
        _classification = _meter.CreateHistogram<double>("signals_classification_duration", "ms", "Time to classify one batch of posts");
        _alertsOpened = _meter.CreateCounter<long>("signals_alerts_opened", "{alert}", "Alert episodes opened");
        _alertsSent = _meter.CreateCounter<long>("signals_alerts_sent", "{alert}", "Alert e-mails delivered");
        _transformerScored = _meter.CreateCounter<long>("signals_transformer_scored", "{post}", "English posts scored by the fine-tuned transformer as well as the n-gram model");
        _transformerFallback = _meter.CreateCounter<long>("signals_transformer_fallback", "{post}",
            "English posts that kept their n-gram score because the transformer's budget (TransformerPostsPerSecond) was spent");
        _translated = _meter.CreateCounter<long>("signals_translation_translated", "{post}", "French posts also scored through their Apertium translation");
        _translationFallback = _meter.CreateCounter<long>("signals_translation_fallback", "{post}",
            "French posts scored untranslated because the translation budget (TranslationShare) was spent or Apertium failed");
        _meter.CreateObservableGauge("signals_outbox_oldest_pending_age", () => Volatile.Read(ref _outboxAgeSeconds), "s",
            "Age of the oldest alert waiting for delivery (0 when the outbox is empty)");
    }

    public void PostsFetched(string feed, int count) => _fetched.Add(count, new KeyValuePair<string, object?>("feed", feed));
    public void PostsStored(string feed, int count) => _stored.Add(count, new KeyValuePair<string, object?>("feed", feed));
    public void FeedError(string feed) => _feedErrors.Add(1, new KeyValuePair<string, object?>("feed", feed));
    public void Classified(double milliseconds) => _classification.Record(milliseconds);
    public void AlertOpened(string product) => _alertsOpened.Add(1, new KeyValuePair<string, object?>("product", product));
    public void AlertSent(string product) => _alertsSent.Add(1, new KeyValuePair<string, object?>("product", product));
    public void TransformerSpent(int scored, int fallbacks)
    {
        if (scored > 0) _transformerScored.Add(scored);
        if (fallbacks > 0) _transformerFallback.Add(fallbacks);
    }

    public void TranslationSpent(int translated, int fallbacks)
    {
        if (translated > 0) _translated.Add(translated);
        if (fallbacks > 0) _translationFallback.Add(fallbacks);
    }

    public void OutboxAge(TimeSpan age) => Volatile.Write(ref _outboxAgeSeconds, age.TotalSeconds);

    public void Dispose() => _meter.Dispose();
}
