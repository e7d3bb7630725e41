namespace Signals.Feeds;

/// <summary>A feed that could not be read; the message names the feed and its URL or path.</summary>
public sealed class FeedException(string message, Exception? inner = null) : Exception(message, inner);
