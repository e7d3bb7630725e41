using System.Buffers.Binary;

namespace Signals.Tests.Alerts;

/// <summary>Reads a PNG's size from its IHDR chunk (bytes 16–23), enough to check an image is what it claims.</summary>
internal static class Png
{
    public static int Width(byte[] png) => BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
    public static int Height(byte[] png) => BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4));
}
