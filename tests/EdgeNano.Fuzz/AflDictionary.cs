using System.Text;

namespace EdgeNano.Fuzz;

/// <summary>Writes a target's words as an AFL dictionary: one name="value" line each, UTF-8, non-printable bytes as \xNN.</summary>
public static class AflDictionary
{
    /// <summary>The dictionary's text for these words (duplicates dropped).</summary>
    public static string Format(IEnumerable<string> words)
    {
        var text = new StringBuilder();
        int n = 0;
        foreach (string word in words.Distinct(StringComparer.Ordinal))
        {
            text.Append('w').Append(n++).Append("=\"");
            foreach (byte b in Encoding.UTF8.GetBytes(word))
            {
                if (b is (byte)'"' or (byte)'\\') text.Append('\\').Append((char)b);
                else if (b is >= 0x20 and < 0x7f) text.Append((char)b);
                else text.Append($"\\x{b:X2}");
            }
            text.Append("\"\n");
        }
        return text.ToString();
    }
}
