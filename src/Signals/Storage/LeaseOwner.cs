using System.Diagnostics;
using System.Globalization;

namespace Signals.Storage;

/// <summary>
/// The name this process puts on the leases it takes (feeds being read, alerts being sent): host, process id and the
/// process's start time. Unique among live replicas, and recognisable after a crash: a lease whose owner names this
/// host and a process that is no longer running (or a process id now reused by another start) was left by a worker
/// killed here, typically this one's previous run, and is taken back at once instead of waiting for the lease to run out.
/// Leases of another host are left to run out: there is no telling from here whether that replica is alive.
/// </summary>
public sealed class LeaseOwner
{
    private static readonly string Host = Environment.MachineName;

    public LeaseOwner() => Name = NameOf(Environment.ProcessId) ?? $"{Host}/{Environment.ProcessId}/0";

    /// <summary>A name of one's own: two replicas simulated in one process (tests) must not share theirs.</summary>
    public LeaseOwner(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;

    /// <summary>Ends the leases and claims that workers killed on this host left behind. Returns how many.</summary>
    public async Task<int> TakeBackAsync(ISignalStore store, CancellationToken ct) =>
        await store.ReleaseLeasesAsync(Gone(await store.ListLeaseOwnersAsync(ct)), ct);

    /// <summary>Among <paramref name="owners"/>, those that name a process of this host that is gone.</summary>
    public IReadOnlyList<string> Gone(IEnumerable<string> owners) =>
        owners.Where(owner => owner != Name && owner.StartsWith(Host + "/", StringComparison.Ordinal)
                              && owner.Split('/') is [_, var pid, _] && int.TryParse(pid, CultureInfo.InvariantCulture, out var id)
                              && NameOf(id) != owner)
              .ToList();

    /// <summary>What a live process with this id would be called (its start time tells a reused id apart); null when none runs.</summary>
    private static string? NameOf(int processId)
    {
        // Linux: the start time in clock ticks since boot from /proc (exact and stable, unlike a clock conversion).
        var stat = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat";
        if (Directory.Exists("/proc/self"))
        {
            try
            {
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": field 3 onwards
                return $"{Host}/{processId.ToString(CultureInfo.InvariantCulture)}/{fields[19]}";
            }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }
        try
        {
            using var process = Process.GetProcessById(processId);
            return $"{Host}/{processId.ToString(CultureInfo.InvariantCulture)}/{process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}";
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
