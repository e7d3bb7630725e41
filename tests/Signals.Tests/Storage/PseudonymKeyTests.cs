using System.ComponentModel.DataAnnotations;
using Signals.Storage;

namespace Signals.Tests.Storage;

/// <summary>A pseudonym is only as secret as its key: published or short keys are refused before anything is stored.</summary>
public sealed class PseudonymKeyTests
{
    private static List<ValidationResult> Validate(string provider, string? key)
    {
        // A well-formed connection string for the engine, so that only the key is judged.
        var options = new StorageOptions { Provider = provider, PseudonymKey = key, ConnectionString = provider == "postgres" ? "Host=127.0.0.1;Username=signals;Database=signals" : null };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [TestCase("postgres", "change-me-in-production")]
    [TestCase("sqlite", "change-me-in-production")]
    [TestCase("postgres", "  CHANGE-ME-IN-PRODUCTION ")]
    [TestCase("sqlite", "your-secret-key")]
    public void A_published_placeholder_key_is_refused_with_any_store(string provider, string key)
    {
        var errors = Validate(provider, key);
        Assert.That(errors.Select(e => e.ErrorMessage), Has.One.Contains("Signals:Storage:PseudonymKey").And.Contains("placeholder"));
    }

    [Test]
    public void With_postgresql_a_key_under_32_bytes_and_the_development_key_are_refused()
    {
        Assert.That(Validate("postgres", new string('k', 31)).Select(e => e.ErrorMessage), Has.One.Contains("at least 32 bytes"));
        Assert.That(Validate("postgres", StorageOptions.DevelopmentKey).Select(e => e.ErrorMessage), Has.One.Contains("Signals:Storage:PseudonymKey"));
        Assert.That(Validate("postgres", "é" + new string('k', 30)), Is.Empty, "32 bytes in UTF-8 (31 characters) is enough");
        Assert.That(Validate("postgres", Convert.ToBase64String(new byte[48])), Is.Empty);
    }

    [Test]
    public void The_embedded_store_needs_no_key_and_postgres_refuses_to_start_without_one()
    {
        Assert.That(Validate("sqlite", null), Is.Empty, "it makes its own beside the database (SqliteErasureTests)");
        Assert.That(Validate("sqlite", "short-but-ok"), Is.Empty);
        Assert.That(Validate("sqlite", StorageOptions.DevelopmentKey), Is.Empty, "set on purpose, e.g. to forget authors of posts stored under it");
        Assert.That(Validate("postgres", null).Select(e => e.ErrorMessage), Has.One.Contains("Signals:Storage:PseudonymKey must be set"));
        Assert.That(new StorageOptions { Provider = "postgres", PseudonymKey = new string('k', 32) }.Validate(new(new object())).Select(e => e.ErrorMessage),
            Has.One.Contains("Signals:Storage:ConnectionString must be set with the postgres store"), "not the embedded default's Data Source");
        Assert.That(new StorageOptions().PseudonymKey, Is.Null, "no published default");
    }

    [Test]
    public void Compose_makes_the_operator_set_the_key()
    {
        var compose = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "compose.yaml"));
        Assert.That(compose, Does.Contain("Signals__Storage__PseudonymKey: \"${SIGNALS_PSEUDONYM_KEY:?"));
        Assert.That(compose, Does.Not.Contain("change-me"));
    }
}
