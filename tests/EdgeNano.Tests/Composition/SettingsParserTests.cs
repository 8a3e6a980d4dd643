using System.Text;
using EdgeNano.Composition;

namespace EdgeNano.Tests.Composition;

public class SettingsParserTests
{
    private static (bool Ok, DeviceSettings Settings, string Problems) Parse(string json)
    {
        var settings = new DeviceSettings();
        var parser = new SettingsParser();
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        bool ok = parser.Parse("settings.json", bytes, bytes.Length, settings);
        return (ok, settings, parser.Problems);
    }

    [Fact]
    public void Every_documented_setting_is_read()
    {
        var (ok, s, problems) = Parse("""
            {"wifiSsid":"shed","wifiPassword":"pw","brokerHost":"10.1.2.3","brokerPort":8883,"brokerTls":true,
             "brokerUsername":"thermo","brokerPassword":"secret","clientId":"board-7","nodeName":"gateway-1",
             "singleSegmentIds":true,"ringCapacity":24,"messagePoolSize":20,"maxPayload":2048,"twinArenaBytes":8192,
             "propertiesPerDevice":24,"persistIntervalMs":10000,"twinGetRetryMs":2000,"twinGetRetryCapMs":30000}
            """);

        Assert.True(ok, problems);
        Assert.Equal("", problems);
        Assert.Equal(("shed", "pw", "10.1.2.3", 8883, true), (s.WifiSsid, s.WifiPassword, s.BrokerHost, s.BrokerPort, s.BrokerTls));
        Assert.Equal(("thermo", "secret", "board-7", "gateway-1", true), (s.BrokerUsername, s.BrokerPassword, s.ClientId, s.NodeName, s.SingleSegmentIds));
        Assert.Equal((24, 20, 2048, 2048), (s.Runtime.RingCapacity, s.Runtime.MessagePoolSize, s.Runtime.PayloadCapacity, s.TwinModule.MaxPayload));
        Assert.Equal((8192, 24, 10000), (s.Twin.ArenaBytes, s.Twin.PropertiesPerDevice, s.TwinModule.PersistIntervalMs));
        Assert.Equal((2000, 30000), (s.EdgeHub.TwinGetRetryMs, s.EdgeHub.TwinGetRetryCapMs));
    }

    [Fact]
    public void An_unknown_setting_is_a_warning_that_names_it()
    {
        var (ok, s, problems) = Parse("""{"brokerHots":"10.0.0.1","brokerPort":1884}""");
        Assert.True(ok);
        Assert.Equal("settings.json: warning: unknown setting 'brokerHots' ignored\n", problems);
        Assert.Equal(1884, s.BrokerPort);
    }

    [Theory]
    [InlineData("""{"brokerPort":"1883"}""", "settings.json: error: brokerPort must be a whole number")]
    [InlineData("""{"brokerPort":70000}""", "settings.json: error: brokerPort must be between 1 and 65535")]
    [InlineData("""{"brokerTls":"yes"}""", "settings.json: error: brokerTls must be true or false")]
    [InlineData("""{"wifiSsid":{"name":"x"}}""", "settings.json: error: wifiSsid must be a string")]
    [InlineData("""{"wifiSsid":"x",}""", "settings.json: error: ")]
    [InlineData("""[1,2]""", "settings.json: error: not a JSON object")]
    [InlineData("""{"network":"lte"}""", "settings.json: error: network must be \"wifi\" or \"ethernet\"")]
    [InlineData("""{"network":"Ethernet"}""", "settings.json: error: network must be \"wifi\" or \"ethernet\"")]
    [InlineData("""{"network":true}""", "settings.json: error: network must be a string")]
    public void A_setting_that_cannot_be_used_is_an_error_naming_file_and_key(string json, string expected)
    {
        var (ok, _, problems) = Parse(json);
        Assert.False(ok);
        Assert.StartsWith(expected, problems);
    }

    [Theory]
    [InlineData("""{"network":"ethernet"}""", "ethernet")]
    [InlineData("""{"network":"wifi","wifiSsid":"shed"}""", "wifi")]
    [InlineData("""{"brokerHost":"10.0.0.1"}""", "")]
    public void The_network_setting_picks_wifi_or_ethernet_and_left_out_the_firmware_decides(string json, string expected)
    {
        var (ok, s, problems) = Parse(json);
        Assert.True(ok, problems);
        Assert.Equal("", problems);
        Assert.Equal(expected, s.Network);
    }

    [Fact]
    public void A_wifi_network_named_on_an_ethernet_board_is_a_warning()
    {
        var (ok, s, problems) = Parse("""{"network":"ethernet","wifiSsid":"shed"}""");
        Assert.True(ok);
        Assert.Equal("settings.json: warning: wifiSsid is ignored: network is ethernet\n", problems);
        Assert.Equal(DeviceSettings.NetworkEthernet, s.Network);
    }
}
