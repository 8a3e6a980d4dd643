using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Benchmarks;

/// <summary>
/// SHA-256 of one staged block (4 KB) and of a 64 KB application file: the device code's Sha256,
/// fed as the updates module feeds it (one block at a time), against .NET's SHA256 (the baseline,
/// OpenSSL with SHA extensions where the CPU has them). MB/s = bytes ÷ mean time.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class Sha256Benchmarks
{
    private readonly Sha256 _device = new();
    private readonly byte[] _digest = new byte[32];
    private byte[] _data = null!;

    [Params(4096, 65536)]
    public int Bytes;

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Bytes];
        new Random(1).NextBytes(_data);
        Device();
        if (!_digest.AsSpan().SequenceEqual(SHA256.HashData(_data))) throw new InvalidOperationException("the two hashes disagree");
    }

    [Benchmark(Baseline = true, Description = "SHA256.HashData (.NET)")]
    public int Dotnet() => SHA256.HashData(_data, _digest);

    [Benchmark(Description = "Sha256 (device code, 4 KB pieces)")]
    public byte Device()
    {
        for (int offset = 0; offset < _data.Length; offset += 4096) _device.Update(_data, offset, Math.Min(4096, _data.Length - offset));
        _device.Final(_digest, 0);
        return _digest[0];
    }
}
