namespace Signals.Tests;

/// <summary>How a test that needs ../shared behaves where it is missing (issue 23, item 4): not run and saying why, never passed.</summary>
public sealed class SharedMaterialTests
{
    [Test]
    public void Without_shared_beside_the_repository_a_test_is_reported_as_not_run_naming_what_is_missing()
    {
        var root = Path.Combine(TestPaths.TempDirectory(), "shared"); // not created: a clone of the repository alone

        var ignored = Assert.Throws<IgnoreException>(() => TestPaths.Shared(root, "data/feeds-rss-atom/small_atom.xml"));

        Assert.That(ignored!.Message, Does.StartWith(TestPaths.MissingShared).And.Contain(Path.Combine(root, "data", "feeds-rss-atom", "small_atom.xml")));
    }

    [Test]
    public void Where_shared_exists_a_missing_file_in_it_fails_the_test()
    {
        var root = Directory.CreateDirectory(Path.Combine(TestPaths.TempDirectory(), "shared")).FullName;

        Assert.Throws<AssertionException>(() => TestPaths.Shared(root, "data/missing.tsv"));
    }
}
