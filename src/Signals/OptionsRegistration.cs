using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Signals;

public static class OptionsRegistration
{
    /// <summary>Binds an options class to its section and validates it (data annotations, <see cref="IValidatableObject"/>) when the host starts.
    /// The section is recorded (<see cref="BoundSection"/>) so that keys no options class binds can be reported (<see cref="ConfigurationCheck"/>).</summary>
    public static void AddValidatedOptions<TOptions>(this IHostApplicationBuilder builder, string section) where TOptions : class
    {
        builder.Services.AddSingleton(new BoundSection(section, typeof(TOptions)));
        builder.Services.AddOptions<TOptions>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
    }
}
