namespace Signals.Classification.Linear;

/// <summary>
/// One text's hashed features, reused from text to text (a thread's own): the counts of each bucket, summed per view by an
/// open-addressing table that is cleared in the time of the entries it held, not of its size. A view's entries are
/// normalised on their own, and a bucket that a later view hits again gets an entry of its own, as ML.NET's concatenated
/// views did.
/// </summary>
public sealed class SparseFeatures
{
    private int[] _keys = new int[1024];
    private float[] _values = new float[1024];
    private int[] _table = new int[4096]; // entry + 1, 0 when free
    private readonly List<int> _used = [];
    private int _viewStart;

    public int Count { get; private set; }

    public ReadOnlySpan<int> Keys => _keys.AsSpan(0, Count);

    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    public void Clear()
    {
        ClearTable();
        Count = 0;
        _viewStart = 0;
    }

    public void Add(int key, float value)
    {
        if (Count * 2 >= _table.Length) Grow();
        var mask = _table.Length - 1;
        var slot = (int)((uint)key * 0x9E3779B1u >> 7) & mask;
        while (_table[slot] != 0)
        {
            var entry = _table[slot] - 1;
            if (_keys[entry] == key && entry >= _viewStart)
            {
                _values[entry] += value;
                return;
            }
            slot = (slot + 1) & mask; // another bucket, or this one in an earlier view: this view's entry is further on
        }
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }
        _keys[Count] = key;
        _values[Count] = value;
        _used.Add(slot);
        _table[slot] = ++Count;
    }

    /// <summary>Scales the entries added since <paramref name="start"/> to unit length; what follows is a new view.</summary>
    public void NormalizeSince(int start)
    {
        double sum = 0;
        for (var i = start; i < Count; i++) sum += _values[i] * _values[i];
        if (sum > 0)
        {
            var scale = (float)(1 / Math.Sqrt(sum));
            for (var i = start; i < Count; i++) _values[i] *= scale;
        }
        _viewStart = Count;
    }

    private void ClearTable()
    {
        foreach (var slot in _used) _table[slot] = 0;
        _used.Clear();
    }

    private void Grow()
    {
        ClearTable();
        _table = new int[_table.Length * 2];
        var mask = _table.Length - 1;
        for (var entry = 0; entry < Count; entry++)
        {
            var slot = (int)((uint)_keys[entry] * 0x9E3779B1u >> 7) & mask;
            while (_table[slot] != 0) slot = (slot + 1) & mask;
            _table[slot] = entry + 1;
            _used.Add(slot);
        }
    }
}
