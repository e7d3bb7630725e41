using System.Text.Json;

namespace Signals.Tests.EndToEnd;

/// <summary>The worker as a new user runs it: no setting changed, so every marketed medicine is watched.</summary>
public sealed class DefaultConfigurationTests
{
    [Test]
    public async Task Out_of_the_box_a_medicine_missing_from_the_watch_list_is_found_and_a_jammed_pen_is_a_complaint()
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        var (exit, stdout, stderr) = await worker.RunAsync("classify", "Le stylo de Gonal-f est cassé", "Depuis le nouveau Levothyrox je perds mes cheveux");
        Assert.That(exit, Is.EqualTo(0), stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.That(lines[0].GetProperty("products").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "follitropin" }),
            "Gonal-f is not in config/products.json: only the catalogue knows it");
        Assert.That(lines[0].GetProperty("category").GetString(), Is.EqualTo("product-complaint"));
        Assert.That(lines[1].GetProperty("products").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "levothyroxine" }),
            "the watch list's own products keep their ids");
        Assert.That(lines[1].GetProperty("category").GetString(), Is.EqualTo("adverse-event"));
    }
}
