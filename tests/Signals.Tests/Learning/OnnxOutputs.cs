namespace Signals.Tests.Learning;

/// <summary>
/// An ONNX model with one graph output left out: a graph as scripts/quantize-minilm.py wrote it before it added the pooled
/// embedding, made from the shipped one (the protobuf rewritten field by field; no ONNX library in .NET writes graphs).
/// ONNX's onnx.proto: ModelProto.graph is field 7, GraphProto.output field 12, ValueInfoProto.name field 1.
/// </summary>
internal static class OnnxOutputs
{
    public static byte[] Without(byte[] model, string output) =>
        Rewrite(model, 7, graph => Rewrite(graph, 12, value => Name(value) == output ? null : value));

    // Copies a message, passing each length-delimited field numbered `field` through `change` (null drops it).
    private static byte[] Rewrite(byte[] message, int field, Func<byte[], byte[]?> change)
    {
        using var result = new MemoryStream();
        var pos = 0;
        while (pos < message.Length)
        {
            var start = pos;
            var key = ReadVarint(message, ref pos);
            switch (key & 7)
            {
                case 0: ReadVarint(message, ref pos); break;
                case 1: pos += 8; break;
                case 5: pos += 4; break;
                case 2:
                    var length = (int)ReadVarint(message, ref pos);
                    if ((int)(key >> 3) == field)
                    {
                        var changed = change(message[pos..(pos + length)]);
                        pos += length;
                        if (changed is null) continue;
                        WriteVarint(result, key);
                        WriteVarint(result, (ulong)changed.Length);
                        result.Write(changed);
                        continue;
                    }
                    pos += length;
                    break;
                default: throw new InvalidDataException($"unexpected protobuf wire type {key & 7}");
            }
            result.Write(message, start, pos - start);
        }
        return result.ToArray();
    }

    private static string? Name(byte[] valueInfo)
    {
        var pos = 0;
        while (pos < valueInfo.Length)
        {
            var key = ReadVarint(valueInfo, ref pos);
            if ((key & 7) != 2) return null; // the name comes first in what the exporter writes
            var length = (int)ReadVarint(valueInfo, ref pos);
            if (key >> 3 == 1) return System.Text.Encoding.UTF8.GetString(valueInfo, pos, length);
            pos += length;
        }
        return null;
    }

    private static ulong ReadVarint(byte[] bytes, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }
}
