using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeNano.Tests.Infrastructure;

/// <summary>A certificate with its private key, as the PEM text brokers and links are configured with.</summary>
public sealed record PemIdentity(string CertificatePem, string KeyPem, X509Certificate2 Certificate);

/// <summary>
/// Throw-away CAs and certificates made in the test with .NET's CertificateRequest (ECDSA P-256,
/// quick to generate), valid from a minute ago for a day.
/// </summary>
public static class TestCertificates
{
    public static PemIdentity CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-1), now.AddDays(1));
        return new PemIdentity(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate);
    }

    /// <summary>A broker certificate for 127.0.0.1 and localhost, signed by ca.</summary>
    public static PemIdentity IssueServer(PemIdentity ca, string name = "localhost") =>
        Issue(ca, name, serverAuth: true, builder =>
        {
            builder.AddIpAddress(IPAddress.Loopback);
            builder.AddDnsName("localhost");
        });

    /// <summary>A client certificate for a device, signed by ca.</summary>
    public static PemIdentity IssueClient(PemIdentity ca, string name) => Issue(ca, name, serverAuth: false, null);

    private static PemIdentity Issue(PemIdentity ca, string name, bool serverAuth, Action<SubjectAlternativeNameBuilder>? names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        var usage = new OidCollection { new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") };
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usage, false));
        if (names != null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            names(builder);
            request.CertificateExtensions.Add(builder.Build());
        }
        using var caKey = X509Certificate2.CreateFromPem(ca.CertificatePem, ca.KeyPem);
        // Within the CA's own validity: a CA made a moment earlier ends a moment earlier.
        var notBefore = new DateTimeOffset(caKey.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(caKey.NotAfter.ToUniversalTime());
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        var certificate = request.Create(caKey, notBefore, notAfter, serial);
        return new PemIdentity(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate);
    }
}
