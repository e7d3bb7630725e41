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

    /// <summary>Key of the HMAC that turns author handles into pseudonyms. Set a secret of your own in production: with the default key, pseudonyms can be recomputed by anyone.</summary>
    [Required, MinLength(8, ErrorMessage = "Signals:Storage:PseudonymKey must be at least 8 characters.")]
    public string PseudonymKey { get; set; } = DevelopmentKey;

    public const string DevelopmentKey = "signals-development-key";

    /// <summary>
    /// PostgreSQL is the production store: there, pseudonyms made with the published development key could be
    /// recomputed from handles by anyone, so start-up refuses it.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Provider == "postgres" && PseudonymKey == DevelopmentKey)
            yield return new("Signals:Storage:PseudonymKey must be set to a secret of your own with the postgres store (Signals__Storage__PseudonymKey)",
                [nameof(PseudonymKey)]);
    }

    /// <summary>Raw post text is deleted after this long (counts, pseudonyms and alert evidence stay). Default 90 days; 0 keeps it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "Signals:Storage:TextRetention must be between 0 and 3650 days.")]
    public TimeSpan TextRetention { get; set; } = TimeSpan.FromDays(90);

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) ? "Data Source=data/signals.db" : ConnectionString;
}
