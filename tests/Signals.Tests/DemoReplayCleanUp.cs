using Signals.Tests.EndToEnd;

namespace Signals.Tests;

/// <summary>Removes the shared demo replay's folder (<see cref="DemoReplay"/>) once every test has run.</summary>
[SetUpFixture]
public sealed class DemoReplayCleanUp
{
    [OneTimeTearDown]
    public void DeleteTheDemoReplay() => DemoReplay.DeleteIfCreated();
}
