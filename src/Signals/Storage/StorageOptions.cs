using System.ComponentModel.DataAnnotations;

namespace Signals.Storage;

/// <summary>Section <c>Signals:Storage</c>.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Signals:Storage";

    /// <summary><c>sqlite</c> (embedded default, one process) or <c>postgres</c> (production, several replicas).</summary>
    [Required, RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Signals:Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Npgsql or Microsoft.Data.Sqlite connection string. Default: <c>Data Source=data/signals.db</c> (relative to the working directory).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Key of the HMAC that turns author handles into pseudonyms. Required with postgres (32 bytes or more). With sqlite, when unset,
    /// the store makes a random key on first start and keeps it beside the database (<see cref="SqlitePseudonymKey"/>): there is no
    /// published default, since with a published key pseudonyms can be recomputed by anyone. Rotation: docs/operations.md#privacy.
    /// </summary>
    [MinLength(8, ErrorMessage = "Signals:Storage:PseudonymKey must be at least 8 characters.")]
    public string? PseudonymKey { get; set; }

    /// <summary>The key earlier versions used when none was configured: published, so refused with postgres, and never a default any more.</summary>
    public const string DevelopmentKey = "signals-development-key";

    /// <summary>With PostgreSQL (production) a key must be at least this many bytes (UTF-8): HMAC-SHA256's own strength, and out of reach of guessing.</summary>
    public const int MinimumProductionKeyBytes = 32;

    /// <summary>
    /// Keys that are published (in this repository, its compose file, or every tutorial) and therefore no secret: with any of them,
    /// pseudonyms could be recomputed from handles by anyone. Compared case-insensitively, ignoring surrounding spaces.
    /// </summary>
    public static readonly IReadOnlySet<string> PlaceholderKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "change-me-in-production", "change-me", "changeme", "change_me", "changethis", "change-this", "replace-me", "replaceme",
        "secret", "mysecret", "my-secret", "your-secret", "your-secret-key", "your_secret_key", "secret-key", "secretkey", "supersecret",
        "password", "passw0rd", "default", "example", "test", "testing", "todo", "xxx", "12345678", "0123456789abcdef",
        "signals", "signals-secret", "signals-key", "pseudonym-key", "hmac-key",
    };

    /// <summary>
    /// PostgreSQL is the production store: there, the published development key or a short key would let anyone recompute
    /// pseudonyms from handles, so start-up refuses them. A known placeholder is refused with any store.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var problem in ConnectionStringProblems()) yield return problem;
        var key = PseudonymKey ?? "";
        if (PlaceholderKeys.Contains(key.Trim()))
            yield return new($"Signals:Storage:PseudonymKey is a published placeholder ('{key.Trim()}'): set a secret of your own (Signals__Storage__PseudonymKey; e.g. openssl rand -base64 48)",
                [nameof(PseudonymKey)]);
        else if (Provider == "postgres" && (key.Length == 0 || key == DevelopmentKey))
            yield return new("Signals:Storage:PseudonymKey must be set to a secret of your own with the postgres store (Signals__Storage__PseudonymKey)",
                [nameof(PseudonymKey)]);
        else if (Provider == "postgres" && System.Text.Encoding.UTF8.GetByteCount(key) < MinimumProductionKeyBytes)
            yield return new($"Signals:Storage:PseudonymKey must be at least {MinimumProductionKeyBytes} bytes with the postgres store (Signals__Storage__PseudonymKey; e.g. openssl rand -base64 48)",
                [nameof(PseudonymKey)]);
    }

    /// <summary>The connection string as the engine's own builder reads it: an unknown keyword or a value of the wrong type is a start-up error naming the key, not a stack trace later.</summary>
    private IEnumerable<ValidationResult> ConnectionStringProblems()
    {
        if (Provider == "postgres" && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new("Signals:Storage:ConnectionString must be set with the postgres store (e.g. Host=db;Username=signals;Password=…;Database=signals)",
                [nameof(ConnectionString)]);
            yield break;
        }
        string? problem = null;
        try
        {
            if (Provider == "postgres") _ = new Npgsql.NpgsqlConnectionStringBuilder(EffectiveConnectionString);
            else _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(EffectiveConnectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
        {
            // The builders' messages name the keyword or the value's expected type, never the rest of the string (a password).
            problem = ex.Message;
        }
        if (problem is not null)
            yield return new($"Signals:Storage:ConnectionString is not a valid {(Provider == "postgres" ? "PostgreSQL (Npgsql)" : "SQLite")} connection string: {problem}",
                [nameof(ConnectionString)]);
    }

    /// <summary>Raw post text and links are deleted after this long, except posts an alert e-mail cited (counts and pseudonyms stay). Default 90 days; 0 keeps it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "Signals:Storage:TextRetention must be between 0 and 3650 days.")]
    public TimeSpan TextRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>A copy of these options with <paramref name="key"/> as the pseudonym key (every other setting as it is).</summary>
    public StorageOptions WithKey(string key)
    {
        var copy = (StorageOptions)MemberwiseClone();
        copy.PseudonymKey = key;
        return copy;
    }

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) ? "Data Source=data/signals.db" : ConnectionString;
}
