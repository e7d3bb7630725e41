namespace Signals.Worker.Commands;

/// <summary>The <c>--name value</c> options of a verb; anything else is a usage error.</summary>
internal static class CommandLine
{
    public static Dictionary<string, string>? Options(string[] args, string verb, params string[] known)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!known.Contains(args[i]) || i + 1 >= args.Length)
            {
                Usage.Print(Console.Error, 64, $"{verb}: unexpected '{args[i]}' (options: {string.Join(", ", known.Select(k => k + " VALUE"))})");
                return null;
            }
            options[args[i]] = args[++i];
        }
        return options;
    }
}
