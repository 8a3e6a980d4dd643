namespace EdgeNano.Cli.Broker;

/// <summary>
/// The broker's users: one <c>name:password</c> per line, <c>#</c> starts a comment. Plain text
/// (mosquitto's hashed passwd files are not read): keep the file readable by the broker only.
/// </summary>
public static class UserFile
{
    public static Dictionary<string, string> Load(string path) => Parse(File.ReadAllLines(path), path);

    public static Dictionary<string, string> Parse(IEnumerable<string> lines, string source = "users")
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int colon = line.IndexOf(':');
            if (colon <= 0) throw new FormatException($"{source}:{number}: expected name:password");
            if (!users.TryAdd(line[..colon], line[(colon + 1)..])) throw new FormatException($"{source}:{number}: user '{line[..colon]}' is listed twice");
        }
        return users;
    }
}
