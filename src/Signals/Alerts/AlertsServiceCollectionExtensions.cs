using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Signals.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>E-mail options, the transport (SMTP when a host is set, else the pickup folder), the composer, the dispatcher and its hosted loop.</summary>
    public static IHostApplicationBuilder AddSignalsAlerts(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<EmailOptions>(EmailOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>();
            return options.Value.UsesSmtp ? new SmtpMailTransport(options) : new PickupDirectoryMailTransport(options);
        });
        builder.Services.AddSingleton(sp => new AlertEmailComposer(sp.GetRequiredService<IOptions<EmailOptions>>(), sp.GetService<Matching.EventLexicon>(),
            sp.GetService<IOptions<Review.ReviewOptions>>(), sp.GetService<Matching.ProductCatalog>()));
        builder.Services.AddSingleton<EpisodeReporter>();
        builder.Services.AddSingleton<AlertDispatcher>();
        builder.Services.AddHostedService<AlertDispatchService>();
        builder.Services.AddSingleton(sp => new DigestSender(sp.GetRequiredService<Storage.ISignalStore>(), sp.GetRequiredService<IMailTransport>(),
            sp.GetRequiredService<EpisodeReporter>(), sp.GetRequiredService<IOptions<EmailOptions>>(), sp.GetService<Matching.EventLexicon>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DigestSender>>(),
            sp.GetService<IOptions<Review.ReviewOptions>>(), sp.GetService<Matching.ProductCatalog>()));
        builder.Services.AddHostedService<DigestService>();
        return builder;
    }
}
