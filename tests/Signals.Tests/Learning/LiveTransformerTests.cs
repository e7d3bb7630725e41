using System.IO.Compression;
using Signals.Classification;
using Signals.Learning;

namespace Signals.Tests.Learning;

public sealed class LiveTransformerTests
{
    [Test]
    public void Train_verdicts_gets_the_live_models_graph_as_stored_and_nothing_from_a_model_without_one()
    {
        var shipped = Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip");
        var file = LiveTransformer.Extract(shipped);
        try
        {
            Assert.That(file, Is.Not.Null.And.Not.Contains(TestPaths.RepoRoot), "a temporary file, outside the repository");
            using var zip = ZipFile.OpenRead(shipped);
            using var entry = zip.GetEntry(AdverseEventModel.TransformerEntry)!.Open();
            using var copy = new MemoryStream();
            entry.CopyTo(copy);
            Assert.That(File.ReadAllBytes(file!), Is.EqualTo(copy.ToArray()));
        }
        finally
        {
            if (file is not null) File.Delete(file);
        }

        var dir = TestPaths.TempDirectory();
        var plain = Path.Combine(dir, "ngram.zip");
        using (var zip = ZipFile.Open(plain, ZipArchiveMode.Create)) zip.CreateEntry(AdverseEventModel.LinearEntry);
        Assert.That(LiveTransformer.Extract(plain), Is.Null);
        Assert.That(LiveTransformer.Extract(Path.Combine(dir, "missing.zip")), Is.Null);
        Directory.Delete(dir, recursive: true);
    }
}
