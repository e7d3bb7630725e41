using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Signals.Review;

public static class ReviewServiceCollectionExtensions
{
    /// <summary>The review options (also read by the e-mail for its link) and, when <c>Signals:Review:Port</c> is set, the page itself.</summary>
    public static IHostApplicationBuilder AddSignalsReview(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ReviewOptions>(ReviewOptions.Section);
        builder.Services.AddHostedService<ReviewServer>();
        return builder;
    }
}
