using System.Diagnostics;

namespace Signals.Tests.Container;

/// <summary>
/// No Docker engine runs here, so the image is checked by linting (dockerfile-utils from npm)
/// and by reading what the Dockerfile and compose.yaml promise.
/// </summary>
public sealed class ContainerTests
{
    private static string Dockerfile => Path.Combine(TestPaths.RepoRoot, "Dockerfile");

    private static async Task<(int ExitCode, string Output)> LintAsync(string path)
    {
        var info = new ProcessStartInfo("npx", ["--yes", "dockerfile-utils", "lint", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception) { Assert.Fail("npx not found: the Dockerfile lint needs Node.js and npm"); throw; }
        using var _ = process;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr).Replace("npm warn", "").Trim());
    }

    [Test]
    public async Task Dockerfile_lints_clean()
    {
        var (exit, output) = await LintAsync(Dockerfile);
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Not.Contain("Error").And.Not.Contain("Warning"), output);
    }

    [Test]
    public async Task The_lint_does_catch_a_broken_dockerfile()
    {
        var broken = Path.Combine(TestPaths.TempDirectory(), "Dockerfile");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Dockerfile)).Replace("WORKDIR /app", "WORKDIRR /app"));
        var (exit, output) = await LintAsync(broken);
        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain("WORKDIRR"));
    }

    [Test]
    public void Dockerfile_takes_its_base_images_as_arguments_and_runs_as_non_root_with_libgomp()
    {
        var text = File.ReadAllText(Dockerfile);
        Assert.That(text, Does.Match(@"ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10\.0\.\d+\n").And.Match(@"ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10\.0\.\d+\n"),
            "base images pinned to a patch version, so a rebuild gets the runtime that was tested");
        Assert.That(text, Does.Contain("FROM ${SDK_IMAGE}").And.Contain("FROM ${RUNTIME_IMAGE}"));
        Assert.That(text, Does.Match(@"(?m)^USER 10001"), "non-root");
        Assert.That(text, Does.Contain("libgomp1"));
        Assert.That(text, Does.Contain("ENTRYPOINT [\"dotnet\", \"/app/signals.dll\"]"));
    }

    [Test]
    public void Compose_runs_the_worker_with_postgresql_and_a_mail_sink()
    {
        var compose = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "compose.yaml"));
        Assert.That(compose, Does.Contain("image: postgres:").And.Contain("pg_isready"));
        Assert.That(compose, Does.Contain("mailsink:").And.Contain("Signals__Email__SmtpHost: mailsink"));
        Assert.That(compose, Does.Contain("Signals__Storage__Provider: postgres").And.Contain("condition: service_healthy"));
    }

    [Test]
    public void Compose_pins_every_image_by_version_and_gives_each_service_a_stable_hostname_as_the_operations_doc_says()
    {
        var compose = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "compose.yaml"));
        var images = System.Text.RegularExpressions.Regex.Matches(compose, @"(?m)^\s+image:\s*(\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.That(images, Has.Count.GreaterThanOrEqualTo(2));
        foreach (var image in images.Where(i => i != "signals:local"))
            Assert.That(image, Does.Match(@":v?\d+\.\d+(\.\d+)?(-[a-z]+)?$"), $"{image} pinned to a version (no latest, no bare major)");
        var servicesSection = compose[compose.IndexOf("\nservices:", StringComparison.Ordinal)..compose.IndexOf("\nvolumes:", StringComparison.Ordinal)];
        var services = System.Text.RegularExpressions.Regex.Matches(servicesSection, @"(?m)^  ([\w-]+):\s*$").Select(m => m.Groups[1].Value).ToList();
        Assert.That(services, Is.EquivalentTo(new[] { "postgres", "mailsink", "signals" }));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(compose, @"(?m)^    hostname: \S+").Count, Is.EqualTo(services.Count), "a hostname: per service");
        var operations = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "operations.md"));
        foreach (var image in images.Where(i => i != "signals:local"))
            Assert.That(operations, Does.Contain(image), "docs/operations.md names what docker compose up pulls");
        foreach (var base_ in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Dockerfile), @"ARG \w+_IMAGE=(\S+)").Select(m => m.Groups[1].Value))
            Assert.That(operations, Does.Contain(base_), "and the base images its build pulls");
    }

    [TestCase("amd64", "linux-x64")]
    [TestCase("arm64", "linux-arm64")]
    public async Task The_image_is_built_for_the_target_architecture_not_the_build_machines(string targetArch, string rid)
    {
        var text = File.ReadAllText(Dockerfile);
        Assert.That(text, Does.Match(@"(?m)^ARG TARGETARCH"));
        var ridLine = text.Split('\n').Single(l => l.Contains("RID=linux-"));
        var assignment = ridLine[ridLine.IndexOf("RID=", StringComparison.Ordinal)..].Split(" \\")[0].TrimEnd('\\', ' ');
        var shell = Process.Start(new ProcessStartInfo("sh", ["-c", $"TARGETARCH={targetArch}; {assignment}; echo $RID"]) { RedirectStandardOutput = true })!;
        var output = (await shell.StandardOutput.ReadToEndAsync()).Trim();
        await shell.WaitForExitAsync();
        Assert.That(output, Is.EqualTo(rid));
        Assert.That(text, Does.Match(@"dotnet restore [^\n]*-p:RuntimeIdentifier=").And.Match(@"dotnet publish [^\n]*-p:RuntimeIdentifier="), "restore and publish both get it");
    }

    [Test]
    public async Task A_local_build_defaults_to_linux_x64_and_takes_the_identifier_it_is_given()
    {
        async Task<string> RidAsync(params string[] extra)
        {
            var info = new ProcessStartInfo("dotnet", ["msbuild", Path.Combine(TestPaths.RepoRoot, "src", "Signals", "Signals.csproj"), "-getProperty:RuntimeIdentifier", .. extra])
                { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output.Trim();
        }
        Assert.That(await RidAsync(), Is.EqualTo("linux-x64"));
        Assert.That(await RidAsync("-p:RuntimeIdentifier=linux-arm64"), Is.EqualTo("linux-arm64"));
    }
}
