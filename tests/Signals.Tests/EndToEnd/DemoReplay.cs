namespace Signals.Tests.EndToEnd;

/// <summary>
/// One <c>signals replay</c> of the README's demo on the embedded defaults, run once for the tests that only read what such a
/// replay printed or left behind (its output, its database, its outbox): each reads the same run instead of replaying the demo
/// again (about 10 s each). A test that goes on from there (a second replay, a resend) works on its own copy of the folder.
/// </summary>
internal sealed class DemoReplay
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static DemoReplay? _instance;

    public static string Demo => Path.Combine(TestPaths.RepoRoot, "samples", "demo-levothyrox-2017.jsonl");

    private readonly WorkerProcess _worker;

    private DemoReplay(WorkerProcess worker, int exitCode, string stdout, string stderr) =>
        (_worker, ExitCode, Stdout, Stderr) = (worker, exitCode, stdout, stderr);

    /// <summary>The replay's working folder: <c>signals.db</c>, its key file and <c>outbox/</c>. Read it; never change it.</summary>
    public string Directory => _worker.WorkDirectory;
    /// <summary>The e-mails the replay wrote (<see cref="WorkerProcess.OutboxPath"/>). Read them; never change them.</summary>
    public string OutboxPath => _worker.OutboxPath;
    public int ExitCode { get; }
    public string Stdout { get; }
    public string Stderr { get; }
    public string Output => Stdout + Stderr;

    public static async Task<DemoReplay> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_instance is null)
            {
                var worker = new WorkerProcess(TestPaths.TempDirectory());
                var (exit, stdout, stderr) = await worker.RunAsync("replay", Demo);
                _instance = new DemoReplay(worker, exit, stdout, stderr);
            }
            return _instance;
        }
        finally { Gate.Release(); }
    }

    /// <summary>A worker on a copy of the replay's folder (database, key file and outbox), in <paramref name="directory"/>, as the replay left it.</summary>
    public WorkerProcess CopyTo(string directory)
    {
        Assert.That(ExitCode, Is.EqualTo(0), Output);
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return new WorkerProcess(directory);
    }

    public static void DeleteIfCreated()
    {
        if (_instance is null) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(_instance.Directory)) System.IO.Directory.Delete(_instance.Directory, recursive: true);
        _instance = null;
    }
}
