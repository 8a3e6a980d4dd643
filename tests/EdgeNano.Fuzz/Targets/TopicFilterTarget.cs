using System.Text;
using EdgeNano.EventBus;

namespace EdgeNano.Fuzz.Targets;

/// <summary>
/// MQTT topic filters: the validity checks and the matcher. Input is "filter\ntopic" (or one line
/// used as both), one char per byte so NUL, '+', '#', '/' and '$' are all reachable. For a valid
/// filter and topic name the allocation-free matcher must agree with a plain split-by-level
/// reading of MQTT 3.1.1 §4.7.
/// </summary>
public sealed class TopicFilterTarget : FuzzTarget
{
    public override string Name => "topic-filter";
    public override string Description => "EventBus TopicFilter: IsValidFilter, IsValidTopicName, Matches vs a split-by-level reference";
    public override IReadOnlyList<string> Tokens => ["/", "+", "#", "$", "\n", "\0", "$hw/", "a/+/c", "a/#", "//"];

    public override void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.Latin1.GetString(input);
        int newline = text.IndexOf('\n');
        string filter = newline < 0 ? text : text[..newline];
        string topic = newline < 0 ? text : text[(newline + 1)..];

        bool validFilter = TopicFilter.IsValidFilter(filter);
        bool validTopic = TopicFilter.IsValidTopicName(topic);
        // Out of contract for invalid strings, but a received topic reaches it unchecked: it must
        // still answer rather than throw.
        bool matches = TopicFilter.Matches(filter, topic);

        if (validTopic)
        {
            Check(TopicFilter.IsValidFilter(topic), "a valid topic name is not a valid filter");
            Check(TopicFilter.Matches(topic, topic), "a topic name used as a filter does not match itself");
            Check(TopicFilter.Matches("#", topic) == (topic[0] != '$'), "'#' must match every topic except those starting with '$'");
        }
        if (validFilter && validTopic)
        {
            bool expected = Reference(filter, topic);
            Check(matches == expected, $"Matches says {matches}, MQTT 3.1.1 says {expected}");
        }
    }

    // MQTT 3.1.1 §4.7 read literally: split both at '/', '+' takes one level, '#' the rest
    // including the parent level, wildcards at the start do not match '$' topics.
    private static bool Reference(string filter, string topic)
    {
        if (topic.StartsWith('$') && (filter[0] == '+' || filter[0] == '#')) return false;
        string[] f = filter.Split('/');
        string[] t = topic.Split('/');
        for (int i = 0; i < f.Length; i++)
        {
            if (f[i] == "#") return i <= t.Length;
            if (i >= t.Length) return false;
            if (f[i] != "+" && f[i] != t[i]) return false;
        }
        return f.Length == t.Length;
    }
}
