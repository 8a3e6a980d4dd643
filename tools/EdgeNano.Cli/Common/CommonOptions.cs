using System.CommandLine;

namespace EdgeNano.Cli.Common;

/// <summary>Options several commands share.</summary>
public static class CommonOptions
{
    public static Option<string> Broker() => new("--broker", "-b")
    {
        Description = "MQTT broker URL: mqtt://[user:password@]host[:port] or mqtts://... (TLS, server checked against the system's trusted CAs); " +
            "a clustered broker as its nodes' URLs separated by commas (the first that answers is used, the next after a lost connection)",
        DefaultValueFactory = _ => BrokerAddress.Default,
    };

    public static Option<FileInfo?> Ca() => new("--ca")
    {
        Description = "For mqtts: PEM file of the CA that signed the broker's certificate, trusted instead of the system's CAs",
    };

    /// <summary>The --broker value (with --ca) read as a broker address, or a CliException saying why not.</summary>
    public static BrokerAddress BrokerOf(this CliContext context, Option<string> option, Option<FileInfo?> ca)
    {
        string text = context.Parse.GetValue(option) ?? BrokerAddress.Default;
        if (!BrokerAddress.TryParse(text, out BrokerAddress address, out string error)) throw new CliException(error);
        FileInfo? caFile = context.Parse.GetValue(ca);
        if (caFile == null) return address;
        if (!address.UseTls) throw new CliException("--ca is for mqtts:// brokers");
        MqttSession.LoadCa(caFile.FullName).Dispose(); // a bad file is an error now, not a retry loop later
        return address with { CaFile = caFile.FullName };
    }
}
