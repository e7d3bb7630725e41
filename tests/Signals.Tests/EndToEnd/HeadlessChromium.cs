using Microsoft.Playwright;

namespace Signals.Tests.EndToEnd;

/// <summary>Debian's chromium (installed by scripts/test.sh) as every browser test launches it: no Playwright browser download.</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Path,
        Headless = true,
        // A container has no user namespaces for the sandbox, no GPU and a small /dev/shm.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    });
}
