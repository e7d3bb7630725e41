using Microsoft.Extensions.Options;
using MimeKit;

namespace Signals.Alerts;

/// <summary>
/// The embedded default: each e-mail becomes an .eml file named after its Message-Id. The file
/// is written under a temporary name and renamed, so a crash never leaves half an e-mail, and
/// an e-mail already there is not written again — a retry after a crash does not double it.
/// </summary>
public sealed class PickupDirectoryMailTransport(IOptions<EmailOptions> options) : IMailTransport
{
    public string Destination => Path.GetFullPath(options.Value.PickupDirectory);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var dir = Destination;
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
        var target = Path.Combine(dir, name + ".eml");
        try
        {
            Directory.CreateDirectory(dir);
            if (File.Exists(target)) return;
            var temp = Path.Combine(dir, $".{name}.{Environment.ProcessId}.tmp");
            await message.WriteToAsync(temp, ct);
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // another writer got there first: the e-mail exists once, which is what matters
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MailDeliveryException($"pickup folder {dir}: {ex.Message}", ex);
        }
    }
}
