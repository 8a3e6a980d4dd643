using CsCheck;
using EdgeNano.EventBus;

namespace EdgeNano.Tests.Mqtt;

/// <summary>MQTT 3.1.1 §4.7 filter semantics, including its own examples.</summary>
public class TopicFilterTests
{
    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport/tennis", true)]
    [InlineData("#", "/", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("+", "finance", true)]
    [InlineData("a/+/c", "a//c", true)]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/bc", false)]
    [InlineData("a/bc", "a/b", false)]
    [InlineData("a/b", "a/b/", false)]
    [InlineData("a/b/", "a/b", false)]
    [InlineData("A/b", "a/b", false)]
    [InlineData("a/#", "b/c", false)]
    [InlineData("$hw/events/device/+/+/twin/+", "$hw/events/device/default/thermo-01/twin/update", true)]
    [InlineData("$hw/events/device/+/+/twin/+", "$hw/events/device/default/thermo-01/twin/update/result", false)]
    [InlineData("$hw/events/device/+/+/twin/#", "$hw/events/device/default/thermo-01/twin/update/result", true)]
    public void A_filter_matches_exactly_the_topics_the_MQTT_spec_says(string filter, string topic, bool expected)
    {
        Assert.Equal(expected, TopicFilter.Matches(filter, topic));
    }

    [Theory]
    [InlineData("#", "$SYS/broker/uptime")]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients")]
    [InlineData("+/events/device/#", "$hw/events/device/default/thermo-01/twin/update")]
    [InlineData("#", "$hw/events/device/default/thermo-01/twin/update")]
    public void A_filter_starting_with_a_wildcard_never_sees_dollar_topics(string filter, string topic)
    {
        Assert.False(TopicFilter.Matches(filter, topic));
    }

    [Theory]
    [InlineData("$SYS/#", "$SYS/broker/uptime")]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients")]
    public void A_filter_that_names_the_dollar_level_does_see_dollar_topics(string filter, string topic)
    {
        Assert.True(TopicFilter.Matches(filter, topic));
    }

    [Theory]
    [InlineData("#", true)]
    [InlineData("+", true)]
    [InlineData("a/#", true)]
    [InlineData("+/+/#", true)]
    [InlineData("/", true)]
    [InlineData("a//b", true)]
    [InlineData("$hw/events/device/+/+/twin/+", true)]
    [InlineData("", false)]
    [InlineData("a/#/b", false)]
    [InlineData("a#", false)]
    [InlineData("a/b#", false)]
    [InlineData("#/", false)]
    [InlineData("a+", false)]
    [InlineData("a/+b", false)]
    [InlineData("+a/b", false)]
    [InlineData("a/\0", false)]
    public void Filters_are_validated_as_the_spec_requires(string filter, bool valid)
    {
        Assert.Equal(valid, TopicFilter.IsValidFilter(filter));
    }

    [Theory]
    [InlineData("capteurs/café/#", true)]
    [InlineData("温度/+", true)]
    [InlineData("sensors/🌡", false)]
    [InlineData("𝄞/#", false)]
    public void A_filter_beyond_U_FFFF_is_refused_because_nanoCLR_cannot_compare_its_pairs_by_index(string filter, bool valid)
    {
        // On nanoCLR, s[i] at the low half of a pair returns the high half, so "a/🌡" would match "a/🌞".
        Assert.Equal(valid, TopicFilter.IsValidFilter(filter));
    }

    [Theory]
    [InlineData("sensors/🌡/temp", true)]
    [InlineData("温度", true)]
    [InlineData("🌡+", false)]
    [InlineData("🌡/#", false)]
    public void A_topic_name_beyond_ASCII_is_checked_for_wildcards_like_any_other(string topic, bool valid)
    {
        Assert.Equal(valid, TopicFilter.IsValidTopicName(topic));
    }

    [Theory]
    [InlineData("capteurs/café/#", "capteurs/café/t", true)]
    [InlineData("capteurs/café/#", "capteurs/cafe/t", false)]
    [InlineData("温度/+", "温度/🌡", true)]
    [InlineData("+/+", "🌡/🌞", true)]
    [InlineData("a/b", "a/🌡", false)]
    public void Topics_beyond_ASCII_match_valid_filters_character_for_character(string filter, string topic, bool matches)
    {
        Assert.True(TopicFilter.IsValidFilter(filter));
        Assert.Equal(matches, TopicFilter.Matches(filter, topic));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("/", true)]
    [InlineData("$hw/events/device/default/thermo-01/twin/update", true)]
    [InlineData("", false)]
    [InlineData("a/+", false)]
    [InlineData("a/#", false)]
    [InlineData("a+b", false)]
    [InlineData("a\0b", false)]
    public void Topic_names_to_publish_to_carry_no_wildcards(string topic, bool valid)
    {
        Assert.Equal(valid, TopicFilter.IsValidTopicName(topic));
    }

    [Fact]
    public void Matching_and_validation_allocate_nothing()
    {
        const string filter = "$hw/events/device/+/+/twin/#";
        const string topic = "$hw/events/device/default/thermo-01/twin/update/delta";
        TopicFilter.Matches(filter, topic); // warm up (JIT)
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool all = true;
        for (int i = 0; i < 1000; i++)
        {
            all &= TopicFilter.Matches(filter, topic) && TopicFilter.IsValidFilter(filter) && TopicFilter.IsValidTopicName(topic);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(all);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Matching_agrees_with_a_level_by_level_reference_on_random_topics()
    {
        // Topics and filters over a tiny alphabet so that matches are common; the reference
        // splits into levels, which the allocation-free matcher must never need to.
        string[] levels = ["", "a", "b", "$x"];
        string[] filterLevels = ["", "a", "b", "$x", "+"];
        var level = Gen.Int[0, levels.Length - 1].Select(i => levels[i]);
        var topicGen = level.Array[1, 4].Select(parts => string.Join('/', parts)).Where(t => t.Length > 0);
        var filterLevel = Gen.Int[0, filterLevels.Length - 1].Select(i => filterLevels[i]);
        var filterGen = Gen.Select(filterLevel.Array[1, 4], Gen.Bool,
            (parts, hash) => string.Join('/', hash ? parts.Append("#") : parts)).Where(f => f.Length > 0);
        Gen.Select(filterGen, topicGen).Sample((filter, topic) =>
            TopicFilter.Matches(filter, topic) == ReferenceMatch(filter, topic), iter: 20000);
    }

    private static bool ReferenceMatch(string filter, string topic)
    {
        if (topic.StartsWith('$') && (filter.StartsWith('+') || filter.StartsWith('#'))) return false;
        string[] f = filter.Split('/');
        string[] t = topic.Split('/');
        for (int i = 0; i < f.Length; i++)
        {
            if (f[i] == "#") return true;
            if (i >= t.Length) return false;
            if (f[i] != "+" && f[i] != t[i]) return false;
        }
        return f.Length == t.Length;
    }
}
