namespace Signals.Classification.Linear;

/// <summary>
/// The adverse-event model's scorer: ML.NET's logistic regression weights over the hashed features of
/// <see cref="NgramHasher"/>, with its Platt calibration, read back by plain code. Scoring is a dot product over a
/// post's few hundred features, so it needs neither ML.NET nor its schema at run time: the model loads in milliseconds and
/// scores on any thread (each thread keeps its own <see cref="SparseFeatures"/>). Weights are stored as float16: the
/// probabilities move by less than 0.001 (LinearModelTests), a tenth of the 0.01 steps thresholds are chosen in.
/// </summary>
public sealed class LinearModel(int bits, float[] weights, float bias, float slope, float offset)
{
    private const int Magic = 0x4E4C4753; // "SGLN"
    private const int FormatVersion = 1;

    [ThreadStatic] private static SparseFeatures? _scratch;

    public int Bits { get; } = bits;

    /// <summary>The Platt calibration's slope: a raw score's step of 1 moves the log-odds by −slope (verdict updates work in log-odds).</summary>
    public float Slope => slope;

    /// <summary>
    /// This model with <paramref name="logOdds"/> added to its log-odds: bucket k's weight moves by −logOdds[k]/slope, so a
    /// text's log-odds rise by the dot product of its features with the change (the calibration stays as trained). Rounded to float16,
    /// as stored, so what is measured is what ships.
    /// </summary>
    public LinearModel Shifted(IReadOnlyDictionary<int, double> logOdds, double biasLogOdds)
    {
        var moved = (float[])weights.Clone();
        foreach (var (k, d) in logOdds) moved[k] += (float)(-d / slope);
        return new LinearModel(Bits, moved, bias + (float)(-biasLogOdds / slope), slope, offset).Rounded();
    }

    /// <summary>P(adverse event) of one featurised text.</summary>
    public float Probability(AdverseEventInput input)
    {
        var features = _scratch ??= new SparseFeatures();
        NgramHasher.Features(input, Bits, features);
        return Probability(features);
    }

    /// <summary>P(adverse event) of a training row's features (cross-validation scores the rows it held out).</summary>
    public float Probability(Microsoft.ML.Data.VBuffer<float> features)
    {
        double score = bias;
        var values = features.GetValues();
        var indices = features.GetIndices();
        for (var i = 0; i < values.Length; i++) score += weights[indices[i]] * values[i];
        return Calibrated(score);
    }

    public float Probability(SparseFeatures features)
    {
        var keys = features.Keys;
        var values = features.Values;
        double score = bias;
        for (var i = 0; i < keys.Length; i++) score += weights[keys[i]] * values[i];
        return Calibrated(score);
    }

    // ML.NET's PlattCalibrator: 1 / (1 + exp(slope × score + offset)).
    private float Calibrated(double score) => (float)(1 / (1 + Math.Exp(slope * score + offset)));

    /// <summary>The same model with its weights rounded to float16, as <see cref="Write"/> stores them.</summary>
    public LinearModel Rounded() => new(Bits, weights.Select(w => (float)(Half)w).ToArray(), bias, slope, offset);

    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Bits);
        writer.Write(weights.Length);
        writer.Write(bias);
        writer.Write(slope);
        writer.Write(offset);
        foreach (var w in weights) writer.Write((Half)w);
    }

    /// <param name="name">Names the file in errors.</param>
    public static LinearModel Read(Stream stream, string name)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != Magic) throw new InvalidDataException($"{name} is not a Signals linear model");
        if (reader.ReadInt32() is var version && version != FormatVersion)
            throw new InvalidDataException($"{name} has format version {version}; this Signals reads version {FormatVersion}");
        var bits = reader.ReadInt32();
        var length = reader.ReadInt32();
        if (bits is < 8 or > 26 || length != NgramHasher.Dimension(bits))
            throw new InvalidDataException($"{name} holds {length} weights for {bits} bits; expected {NgramHasher.Dimension(Math.Clamp(bits, 8, 26))}");
        var bias = reader.ReadSingle();
        var slope = reader.ReadSingle();
        var offset = reader.ReadSingle();
        var weights = new float[length];
        for (var i = 0; i < length; i++) weights[i] = (float)reader.ReadHalf();
        return new LinearModel(bits, weights, bias, slope, offset);
    }
}
