using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Signals.Detection;
using Signals.Matching;

namespace Signals.Tests.Detection;

/// <summary>Per-product detection settings: bound from configuration, applied over the section's, checked at start.</summary>
public sealed class DetectionOptionsTests
{
    private static readonly ProductCatalog Catalog = new([new Product("levothyroxine", ["levothyrox"]), new Product("metformin", ["metformin"])]);

    /// <summary>The host as the worker builds it for detection, on the given settings; validated as at start.</summary>
    private static DetectionOptions Start(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddSingleton(Catalog);
        builder.AddSignalsDetection();
        using var host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        return host.Services.GetRequiredService<IOptions<DetectionOptions>>().Value;
    }

    [Test]
    public void A_product_s_own_settings_apply_to_it_and_the_section_s_to_the_others()
    {
        var options = Start(("Signals:Detection:EpisodeQuietDays", "10"),
            ("Signals:Detection:Products:levothyroxine:EpisodeQuietDays", "30"), ("Signals:Detection:Products:levothyroxine:Threshold", "4.5"),
            ("Signals:Detection:Products:Metformin:MinimumCount", "5"));

        var levo = options.For("levothyroxine");
        Assert.That((levo.EpisodeQuietDays, levo.Settings.Threshold, levo.Settings.MinimumCount), Is.EqualTo((30, 4.5, 3)));
        var metformin = options.For("metformin");
        Assert.That((metformin.EpisodeQuietDays, metformin.Settings.Threshold, metformin.Settings.MinimumCount), Is.EqualTo((10, 3.0, 5)),
            "configuration keys are case-insensitive, so is the product id in them");
        var other = options.For("ibuprofen");
        Assert.That((other.EpisodeQuietDays, other.Settings.Threshold, other.Settings.MinimumCount), Is.EqualTo((10, 3.0, 3)));
    }

    [Test]
    public void An_unknown_product_id_stops_the_start_with_the_key_named()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Start(("Signals:Detection:Products:levothyroxin:EpisodeQuietDays", "30")));
        Assert.That(ex!.Message, Does.Contain("Signals:Detection:Products:levothyroxin").And.Contain("no product 'levothyroxin'"));
    }

    [TestCase("EpisodeQuietDays", "0")]
    [TestCase("EpisodeQuietDays", "91")]
    [TestCase("Threshold", "0.1")]
    [TestCase("MinimumCount", "0")]
    public void An_out_of_range_product_setting_stops_the_start_with_the_key_named(string name, string value)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Start(($"Signals:Detection:Products:metformin:{name}", value)));
        Assert.That(ex!.Message, Does.Contain($"Signals:Detection:Products:metformin:{name} must be between"));
    }
}
