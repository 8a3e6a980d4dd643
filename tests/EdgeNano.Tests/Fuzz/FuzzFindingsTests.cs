using System.Text;
using EdgeNano.Board;
using EdgeNano.Composition;
using EdgeNano.EventBus;
using EdgeNano.Fuzz;

namespace EdgeNano.Tests.Fuzz;

/// <summary>
/// Regression tests for what the fuzzers found (docs/reliability.md, "Fuzzing"), each named after
/// the behaviour that was wrong, with the input the fuzzer reported cut down to its essence.
/// </summary>
public class FuzzFindingsTests
{
    // settings, found by AFL++ in its first 25 s: "nodeName":"gateway/1" (and '+', '#' variants)
    // was accepted, and the device then threw "bad node name" while building its topics at boot.
    [Theory]
    [InlineData("gateway/1")]
    [InlineData("gatewa+-1")]
    [InlineData("gateway-1+")]
    [InlineData("edge#2")]
    [InlineData("")]
    [InlineData("a\\u0000b")]
    // Found by the CI fuzz run once topic ids refused characters beyond U+FFFF: "g\U0001F600ay-1"
    // passed the settings parser and failed the topic builder at boot.
    [InlineData("g\U0001F600ay-1")]
    [InlineData("g\\ud83d\\ude00ay-1")]
    public void A_node_name_that_is_not_one_topic_level_is_a_settings_error_instead_of_a_failure_at_start_up(string nodeName)
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"nodeName\":\"" + nodeName + "\",\"brokerPort\":1884}");
        var settings = new DeviceSettings();
        var parser = new SettingsParser();

        Assert.False(parser.Parse("settings.json", json, json.Length, settings));
        Assert.Contains("settings.json: error: nodeName must be one MQTT topic level", parser.Problems);
        Assert.Equal("edge-node", settings.NodeName);
        Assert.Equal(1884, settings.BrokerPort);
        Assert.Null(InputReplay.Run(FuzzTargets.Find("settings")!, json, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_node_name_the_parser_accepts_builds_the_membership_topics()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"nodeName\":\"gateway-1.hall_2:x@y\"}");
        var settings = new DeviceSettings();
        Assert.True(new SettingsParser().Parse("settings.json", json, json.Length, settings));
        var topics = new KubeEdgeTopics(settings.NodeName, ["default"], ["demo"], false);
        Assert.Equal("$hw/events/node/gateway-1.hall_2:x@y/membership/get", topics.MembershipGetTopic);
    }

    // board-file: an id such as "default/de#mo" passed the validator (KubeEdge's key characters
    // include '#'), and the device then threw "bad device name" while building its topics at boot.
    [Theory]
    [InlineData("default/de#mo")]
    [InlineData("#/demo")]
    [InlineData("default/#")]
    public void A_device_id_with_a_hash_is_a_board_error_instead_of_a_failure_at_start_up(string id)
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"board\":\"b\",\"mcu\":\"simulator\",\"devices\":[{\"id\":\"" + id
            + "\",\"properties\":[{\"key\":\"led\",\"kind\":\"output\",\"pin\":3}]}]}");
        BoardDescription board = BoardParser.Parse("board.json", json);

        Assert.False(board.IsValid);
        Assert.Equal($"board.json: device {id}, field id: '{id}' contains '#', which an MQTT topic name cannot carry", board.ErrorText());
        Assert.Null(InputReplay.Run(FuzzTargets.Find("board-file")!, json, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void The_same_board_with_a_plain_id_is_valid_and_gives_the_device_its_topics()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"board\":\"b\",\"mcu\":\"simulator\",\"devices\":[{\"id\":\"default/demo\","
            + "\"properties\":[{\"key\":\"led\",\"kind\":\"output\",\"pin\":3}]}]}");
        BoardDescription board = BoardParser.Parse("board.json", json);

        Assert.True(board.IsValid, board.ErrorText());
        string id = board.DeviceAt(0).Id!;
        int slash = id.IndexOf('/');
        var topics = new KubeEdgeTopics("edge-node", [id[..slash]], [id[(slash + 1)..]], false);
        Assert.Equal("$hw/events/device/default/demo/twin/update", topics.TwinUpdateTopic(0));
    }
}
