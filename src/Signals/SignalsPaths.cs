namespace Signals;

/// <summary>
/// Finds the folders that ship beside the code (config/, models/, samples/): first under the
/// working directory (started from the repo root with <c>dotnet run</c>), then beside the
/// binary (a publish folder or container image, where the build copies them).
/// </summary>
public static class SignalsPaths
{
    public static string Find(string folder)
    {
        foreach (var root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var candidate = Path.Combine(root, folder);
            if (Directory.Exists(candidate)) return candidate;
        }
        return Path.Combine(AppContext.BaseDirectory, folder);
    }

    /// <summary>A file given relative to a shipped folder, or an absolute/relative path used as is when it exists.</summary>
    public static string Resolve(string folder, string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return Path.GetFullPath(path);
        var file = Path.GetFileName(path);
        var inFolder = Path.Combine(Find(folder), path.StartsWith(folder + "/", StringComparison.Ordinal) ? path[(folder.Length + 1)..] : file);
        return inFolder;
    }
}
