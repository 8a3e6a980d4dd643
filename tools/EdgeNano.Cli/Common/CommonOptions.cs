using System.CommandLine;

namespace EdgeNano.Cli.Common;

/// <summary>Options several commands share.</summary>
public static class CommonOptions
{
    public static Option<string> Broker() => new("--broker", "-b")
    {
        Description = "MQTT broker URL: mqtt://[user:password@]host[:port] or mqtts://... (TLS, server checked against the system's trusted CAs)",
        DefaultValueFactory = _ => BrokerAddress.Default,
    };

    /// <summary>The --broker value read as a broker address, or a CliException saying why not.</summary>
    public static BrokerAddress BrokerOf(this CliContext context, Option<string> option)
    {
        string text = context.Parse.GetValue(option) ?? BrokerAddress.Default;
        if (!BrokerAddress.TryParse(text, out BrokerAddress address, out string error)) throw new CliException(error);
        return address;
    }
}
