using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Runtime.Network;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Mqtt;

/// <summary>TLS against mosquitto with a CA and certificates made in the test.</summary>
public class MqttNetLinkTlsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static MqttLinkOptions TlsOptions(MosquittoBroker broker, PemIdentity trustedCa, string clientId) => new()
    {
        Host = broker.Host,
        Port = broker.Port,
        ClientId = clientId,
        UseTls = true,
        CaCertificatePem = trustedCa.CertificatePem,
        KeepAliveSeconds = 5,
        OperationTimeoutMs = 10000,
    };

    [SkippableFact]
    public void The_link_connects_over_TLS_to_a_broker_whose_certificate_chains_to_the_given_CA()
    {
        MosquittoBroker.RequireInstalled();
        var ca = TestCertificates.CreateCa("EdgeNano test CA");
        var server = TestCertificates.IssueServer(ca);
        using var broker = MosquittoBroker.Start(new MosquittoSettings { Tls = new MosquittoTls(ca.CertificatePem, server.CertificatePem, server.KeyPem) });
        using var link = new MqttNetLink();
        var heard = new RecordingListener();
        link.SetListener(heard);

        int result = link.Connect(TlsOptions(broker, ca, "thermo-01"));

        Assert.True(result == MqttConnectResult.Accepted, MqttConnectResult.Name(result) + " " + link.LastConnectError + "\n" + broker.Log);
        Assert.Equal(MqttSubscribeResult.Accepted, link.Subscribe(["t/tls"], [MqttQos.AtLeastOnce]));
        Assert.Equal(MqttPublishResult.Accepted, link.Publish("t/tls", [42], 0, 1, MqttQos.AtLeastOnce, false));
        Assert.Equal([42], heard.NextOn("t/tls", Wait)?.Payload);
    }

    [SkippableFact]
    public void The_link_refuses_a_broker_certificate_signed_by_another_CA()
    {
        MosquittoBroker.RequireInstalled();
        var brokersCa = TestCertificates.CreateCa("Some other CA");
        var server = TestCertificates.IssueServer(brokersCa);
        var ourCa = TestCertificates.CreateCa("EdgeNano test CA");
        using var broker = MosquittoBroker.Start(new MosquittoSettings { Tls = new MosquittoTls(brokersCa.CertificatePem, server.CertificatePem, server.KeyPem) });
        using var link = new MqttNetLink();

        int result = link.Connect(TlsOptions(broker, ourCa, "thermo-01"));

        Assert.Equal(MqttConnectResult.Name(MqttConnectResult.TlsFailed), MqttConnectResult.Name(result));
        Assert.False(link.IsConnected);
    }

    [SkippableFact]
    public void The_link_refuses_a_certificate_from_the_right_CA_issued_for_another_name()
    {
        MosquittoBroker.RequireInstalled();
        var ca = TestCertificates.CreateCa("EdgeNano test CA");
        var server = TestCertificates.IssueServer(ca);
        using var broker = MosquittoBroker.Start(new MosquittoSettings { Tls = new MosquittoTls(ca.CertificatePem, server.CertificatePem, server.KeyPem) });
        using var link = new MqttNetLink();
        var options = TlsOptions(broker, ca, "thermo-01");
        options.TlsServerName = "broker.example.org";

        Assert.Equal(MqttConnectResult.Name(MqttConnectResult.TlsFailed), MqttConnectResult.Name(link.Connect(options)));
    }

    [SkippableFact]
    public void A_broker_that_requires_client_certificates_takes_the_devices_and_refuses_a_link_without_one()
    {
        MosquittoBroker.RequireInstalled();
        var ca = TestCertificates.CreateCa("EdgeNano test CA");
        var server = TestCertificates.IssueServer(ca);
        var device = TestCertificates.IssueClient(ca, "thermo-01");
        using var broker = MosquittoBroker.Start(new MosquittoSettings
        {
            Tls = new MosquittoTls(ca.CertificatePem, server.CertificatePem, server.KeyPem, RequireClientCertificate: true),
        });

        using (var withoutCertificate = new MqttNetLink())
        {
            int refused = withoutCertificate.Connect(TlsOptions(broker, ca, "anonymous"));
            Assert.NotEqual(MqttConnectResult.Accepted, refused);
            Assert.False(withoutCertificate.IsConnected);
        }

        using var link = new MqttNetLink();
        var options = TlsOptions(broker, ca, "thermo-01");
        options.ClientCertificatePem = device.CertificatePem;
        options.ClientKeyPem = device.KeyPem;
        int result = link.Connect(options);
        Assert.True(result == MqttConnectResult.Accepted, MqttConnectResult.Name(result) + " " + link.LastConnectError + "\n" + broker.Log);
    }
}
