using Npgsql;

namespace Signals.Tests;

/// <summary>The real servers scripts/test.sh starts for the tests.</summary>
internal static class TestEnvironment
{
    /// <summary>Superuser connection to the throwaway cluster; fails the test (never skips it) when it is not there.</summary>
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("SIGNALS_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new AssertionException("SIGNALS_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL on 127.0.0.1.");

    /// <summary>Creates a fresh database for one fixture and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant(); // under PostgreSQL's 63-byte limit for short prefixes
        await using var admin = new NpgsqlConnection(PostgresConnectionString);
        await admin.OpenAsync();
        await using (var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin)) await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresConnectionString);
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await cmd.ExecuteNonQueryAsync();
    }
}
