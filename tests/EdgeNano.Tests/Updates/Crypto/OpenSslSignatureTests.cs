using System.Diagnostics;
using System.Security.Cryptography;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Tests.Updates.Crypto;

/// <summary>
/// Signatures made the way a release pipeline makes them, with the openssl command line
/// (`openssl dgst -sha256 -sign`, DER output), verified by the device code.
/// </summary>
public class OpenSslSignatureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgenano-openssl-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private byte[] OpenSsl(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Skip.If(true, "openssl is not installed; the OpenSSL-made signature test is skipped");
            throw;
        }
        using (process)
        {
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', arguments)}: {errors}");
            return output.ToArray();
        }
    }

    [SkippableFact]
    public void Manifests_signed_by_the_openssl_command_line_verify_and_changed_ones_do_not()
    {
        OpenSsl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        // SubjectPublicKeyInfo in DER ends with the 65-byte uncompressed point.
        var spki = OpenSsl("ec", "-in", "key.pem", "-pubout", "-outform", "DER");
        var key = spki[^65..];
        var verifier = new EcdsaP256Verifier();
        Assert.True(verifier.IsValidPublicKey(key, 0, key.Length));

        var random = new Random(23);
        var signature = new byte[64];
        for (int i = 0; i < 4; i++)
        {
            var manifest = new byte[200 + i];
            random.NextBytes(manifest);
            File.WriteAllBytes(Path.Combine(_folder, "manifest.bin"), manifest);
            var der = OpenSsl("dgst", "-sha256", "-sign", "key.pem", "manifest.bin");

            Assert.True(DerSignature.ToP1363(der, 0, der.Length, signature, 0), Convert.ToHexString(der));
            var hash = SHA256.HashData(manifest);
            Assert.True(verifier.Verify(key, 0, key.Length, hash, 0, signature, 0, 64));
            manifest[i] ^= 0x20;
            Assert.False(verifier.Verify(key, 0, key.Length, SHA256.HashData(manifest), 0, signature, 0, 64));
        }
    }
}
