using Signals.Tests.EndToEnd;

namespace Signals.Tests.Classification;

/// <summary>Only the verbs that classify load the model: a broken model file cannot stop an analyst reading alerts.</summary>
public sealed class ModelLoadingTests
{
    [Test]
    public async Task Verbs_that_do_not_classify_never_read_the_model_file()
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        var broken = Path.Combine(worker.WorkDirectory, "broken.zip");
        await File.WriteAllTextAsync(broken, "not a zip");
        worker.Environment["Signals__Classification__ModelFile"] = broken;

        foreach (var verb in new[] { "migrate", "alerts" })
        {
            var (exit, stdout, stderr) = await worker.RunAsync(verb);
            Assert.That(exit, Is.EqualTo(0), $"{verb}: {stdout}{stderr}");
            Assert.That(stdout + stderr, Does.Not.Contain("broken.zip"), verb);
        }

        // forget exits 1 when the handle matches nothing (nothing to erase here): what matters is that it did not stop on the model.
        var (forgetExit, forgetOut, forgetError) = await worker.RunAsync("forget", "--author", "nobody");
        Assert.That(forgetExit, Is.AnyOf(0, 1), forgetOut + forgetError);
        Assert.That(forgetOut + forgetError, Does.Not.Contain("broken.zip"));

        // The verb that does classify reads it, and names it.
        var (classifyExit, _, classifyError) = await worker.RunAsync("classify", "levothyrox gave me cramps");
        Assert.That(classifyExit, Is.Not.EqualTo(0));
        Assert.That(classifyError, Does.Contain("broken.zip"));
    }
}
