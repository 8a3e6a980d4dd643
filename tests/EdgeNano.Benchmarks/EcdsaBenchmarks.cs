using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Benchmarks;

/// <summary>
/// One ECDSA P-256 verification of a SHA-256 hash: the device code's EcdsaP256Verifier against
/// .NET's ECDsa.VerifyHash (OpenSSL on Linux, the baseline) on the same key, hash and signature.
/// The setup checks both accept it and prints how many modular products and 32x32-bit multiplies the
/// device code runs per verification, the figure the ESP32 estimate in docs/benchmarks-crypto.md starts from.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class EcdsaBenchmarks
{
    private readonly EcdsaP256Verifier _verifier = new();
    private ECDsa _dotnet = null!;
    private byte[] _key = null!;
    private byte[] _hash = null!;
    private byte[] _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dotnet = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = _dotnet.ExportParameters(false).Q;
        _key = [0x04, .. q.X!, .. q.Y!];
        _hash = SHA256.HashData("EdgeNano firmware manifest"u8);
        _signature = _dotnet.SignHash(_hash);
        if (!_verifier.Verify(_key, 0, _key.Length, _hash, 0, _signature, 0, _signature.Length) || !_dotnet.VerifyHash(_hash, _signature))
        {
            throw new InvalidOperationException("the two verifiers disagree on a valid signature");
        }

        // Average counts over fresh signatures (the window digits vary per signature).
        const int Samples = 50;
        long mul = _verifier.FieldMultiplications, sqr = _verifier.FieldSquarings, ord = _verifier.OrderMultiplications;
        for (int i = 0; i < Samples; i++)
        {
            var hash = SHA256.HashData(BitConverter.GetBytes(i));
            var signature = _dotnet.SignHash(hash);
            _verifier.Verify(_key, 0, _key.Length, hash, 0, signature, 0, signature.Length);
        }
        double fieldMul = (_verifier.FieldMultiplications - mul) / (double)Samples;
        double fieldSqr = (_verifier.FieldSquarings - sqr) / (double)Samples;
        double orderMul = (_verifier.OrderMultiplications - ord) / (double)Samples;
        Console.WriteLine($"// per verify (mean of {Samples}): {fieldMul:F0} products mod p, {fieldSqr:F0} squares mod p, " +
                          $"{orderMul:F0} Montgomery products mod n = {64 * fieldMul + 36 * fieldSqr + 136 * orderMul:F0} 32x32-bit multiplies");
    }

    [GlobalCleanup]
    public void Cleanup() => _dotnet.Dispose();

    [Benchmark(Baseline = true, Description = "ECDsa.VerifyHash (.NET)")]
    public bool DotnetVerify() => _dotnet.VerifyHash(_hash, _signature);

    [Benchmark(Description = "EcdsaP256Verifier.Verify (device code)")]
    public bool DeviceVerify() => _verifier.Verify(_key, 0, _key.Length, _hash, 0, _signature, 0, _signature.Length);
}
