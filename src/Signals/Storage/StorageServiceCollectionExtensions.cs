using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Signals.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The store chosen by <c>Signals:Storage:Provider</c>: SQLite (default) or PostgreSQL.</summary>
    public static IHostApplicationBuilder AddSignalsStorage(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<StorageOptions>(StorageOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value.EffectiveConnectionString));
        builder.Services.AddHostedService<RetentionService>();
        builder.Services.TryAddSingleton<LeaseOwner>();
        builder.Services.AddSingleton<AuthorErasure>();
        builder.Services.AddSingleton<ISignalStore>(sp => Create(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<NpgsqlDataSource>));
        return builder;
    }

    public static ISignalStore Create(StorageOptions options, TimeProvider time, Func<NpgsqlDataSource> dataSource) => options.Provider switch
    {
        "postgres" => new PostgresSignalStore(dataSource(), options, time),
        _ => new SqliteSignalStore(options, time),
    };
}
