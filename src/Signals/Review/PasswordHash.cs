using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Signals.Review;

/// <summary>
/// Passwords of review users as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64): what configuration holds, so the
/// file or environment never carries a password. 600 000 iterations, OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
/// </summary>
public static class PasswordHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 600_000;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{Scheme}${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string encoded)
    {
        if (!TryParse(encoded, out var iterations, out var salt, out var expected)) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static readonly byte[] NoSalt = RandomNumberGenerator.GetBytes(16);

    /// <summary>The work of <see cref="Verify"/> for a user who does not exist: always false, after as long as a real check takes.</summary>
    public static bool VerifyNothing(string password)
    {
        GC.KeepAlive(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), NoSalt, Iterations, HashAlgorithmName.SHA256, 32));
        return false;
    }

    public static bool IsWellFormed(string encoded) => TryParse(encoded, out _, out _, out _);

    private static bool TryParse(string encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && hash.Length >= 16;
    }
}
