using System.Security.Cryptography;
using System.Text;

namespace Signals.Storage;

/// <summary>
/// Authors are counted, never identified: the store keeps a keyed hash (HMAC-SHA256) of the
/// handle, stable for counting distinct authors, useless for finding the person without the key.
/// </summary>
public static class AuthorPseudonym
{
    public static string? Of(string? handle, string key)
    {
        if (string.IsNullOrWhiteSpace(handle)) return null;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(handle.Trim().ToLowerInvariant()));
        return "p:" + Convert.ToHexStringLower(mac.AsSpan(0, 12));
    }
}
