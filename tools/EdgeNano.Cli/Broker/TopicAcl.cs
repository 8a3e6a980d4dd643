using EdgeNano.EventBus;

namespace EdgeNano.Cli.Broker;

/// <summary>
/// A topic access list in mosquitto's acl_file format, so the file that guards a production
/// mosquitto guards <c>edgenano broker</c> too:
/// <list type="bullet">
/// <item><c>user NAME</c> — the <c>topic</c> lines after it are NAME's; <c>topic</c> lines before any
/// <c>user</c> line are for anonymous clients.</item>
/// <item><c>topic [read|write|readwrite|deny] FILTER</c> — access for that user (default readwrite).</item>
/// <item><c>pattern [read|write|readwrite|deny] FILTER</c> — for every client, with <c>%u</c> replaced by
/// its user name and <c>%c</c> by its client ID (a pattern naming %u never matches an anonymous client).</item>
/// </list>
/// As in mosquitto, a client may do only what some rule grants, and a matching deny wins.
/// </summary>
public sealed class TopicAcl
{
    [Flags]
    private enum Access
    {
        None = 0,
        Read = 1,
        Write = 2,
        Deny = 4,
    }

    private sealed record Rule(string? User, bool IsPattern, Access Access, string Filter);

    private readonly List<Rule> _rules;

    private TopicAcl(List<Rule> rules) => _rules = rules;

    public int RuleCount => _rules.Count;

    /// <summary>Reads an ACL file; a line it cannot read is an error naming the line.</summary>
    public static TopicAcl Load(string path) => Parse(File.ReadAllLines(path), path);

    public static TopicAcl Parse(IEnumerable<string> lines, string source = "acl")
    {
        var rules = new List<Rule>();
        string? user = null;
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string[] words = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            string rest = words.Length > 1 ? words[1].Trim() : "";
            switch (words[0])
            {
                case "user":
                    if (rest.Length == 0) throw new FormatException($"{source}:{number}: 'user' needs a name");
                    user = rest;
                    break;
                case "topic":
                case "pattern":
                    (Access access, string filter) = AccessAndFilter(rest, source, number);
                    rules.Add(new Rule(words[0] == "topic" ? user : null, words[0] == "pattern", access, filter));
                    break;
                default:
                    throw new FormatException($"{source}:{number}: unknown keyword '{words[0]}' (expected user, topic or pattern)");
            }
        }
        return new TopicAcl(rules);
    }

    /// <summary>May this client publish to topic?</summary>
    public bool MayWrite(string? user, string clientId, string topic) => Allows(user, clientId, topic, Access.Write);

    /// <summary>May this client receive a message published to topic?</summary>
    public bool MayRead(string? user, string clientId, string topic) => Allows(user, clientId, topic, Access.Read);

    private bool Allows(string? user, string clientId, string topic, Access wanted)
    {
        bool granted = false;
        foreach (Rule rule in _rules)
        {
            string? filter = rule.IsPattern ? Substitute(rule.Filter, user, clientId) : rule.User == user ? rule.Filter : null;
            if (filter == null || !TopicFilter.Matches(filter, topic)) continue;
            if ((rule.Access & Access.Deny) != 0) return false;
            if ((rule.Access & wanted) != 0) granted = true;
        }
        return granted;
    }

    private static string? Substitute(string filter, string? user, string clientId)
    {
        if (filter.Contains("%u"))
        {
            // A name with wildcards or levels would widen the pattern (mosquitto refuses those too).
            if (user == null || user.IndexOfAny(['+', '#', '/']) >= 0) return null;
            filter = filter.Replace("%u", user);
        }
        if (filter.Contains("%c"))
        {
            if (clientId.IndexOfAny(['+', '#', '/']) >= 0) return null;
            filter = filter.Replace("%c", clientId);
        }
        return TopicFilter.IsValidFilter(filter) ? filter : null;
    }

    private static (Access, string) AccessAndFilter(string rest, string source, int number)
    {
        string[] words = rest.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new FormatException($"{source}:{number}: a topic filter is missing");
        Access? access = words[0] switch
        {
            "read" => Access.Read,
            "write" => Access.Write,
            "readwrite" => Access.Read | Access.Write,
            "deny" => Access.Deny,
            _ => null,
        };
        string filter = access == null ? rest : words.Length > 1 ? words[1].Trim() : "";
        if (filter.Length == 0) throw new FormatException($"{source}:{number}: a topic filter is missing after '{words[0]}'");
        string check = filter.Replace("%u", "u").Replace("%c", "c");
        if (!TopicFilter.IsValidFilter(check)) throw new FormatException($"{source}:{number}: '{filter}' is not a valid MQTT topic filter");
        return (access ?? Access.Read | Access.Write, filter);
    }
}
