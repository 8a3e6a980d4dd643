namespace EdgeNano.EventBus
{
    /// <summary>
    /// MQTT 3.1.1 topic filters (§4.7): '+' matches exactly one level (which may be empty), '#'
    /// matches the parent level and everything below it, and a filter that starts with a
    /// wildcard does not match topics starting with '$' (§4.7.2), so "#" never sees "$hw/...".
    /// Topics arrive as strings from the MQTT client, once per message, and nothing here
    /// allocates. Matches and IsValidFilter read characters by index, which on nanoCLR walks the
    /// string per call and returns the high surrogate at the low half of a pair; they stay
    /// correct because a valid filter holds no surrogates, so a misread half never equals a
    /// filter character. IsValidTopicName searches natively instead.
    /// </summary>
    public static class TopicFilter
    {
        private const char Separator = '/';
        private const char SingleLevel = '+';
        private const char MultiLevel = '#';
        // MQTT strings carry a 16-bit length; a char count is a lower bound of the UTF-8 length.
        private const int MaxLength = 65535;
        private static readonly char[] NotInTopicNames = new char[] { SingleLevel, MultiLevel, '\0' };

        /// <summary>Whether topic (a topic name, no wildcards) matches filter. Both are assumed valid.</summary>
        public static bool Matches(string filter, string topic)
        {
            if (filter == null || topic == null || filter.Length == 0 || topic.Length == 0) return false;
            if (topic[0] == '$' && (filter[0] == SingleLevel || filter[0] == MultiLevel)) return false;

            int f = 0;
            int t = 0;
            int fLength = filter.Length;
            int tLength = topic.Length;
            while (true)
            {
                // Here f and t each stand at the start of a level.
                if (f < fLength && filter[f] == MultiLevel) return true;
                if (f < fLength && filter[f] == SingleLevel)
                {
                    f++;
                    while (t < tLength && topic[t] != Separator) t++;
                }
                else
                {
                    while (f < fLength && filter[f] != Separator)
                    {
                        if (t >= tLength || topic[t] != filter[f]) return false;
                        f++;
                        t++;
                    }
                    if (t < tLength && topic[t] != Separator) return false;
                }

                bool filterEnded = f == fLength;
                bool topicEnded = t == tLength;
                if (filterEnded) return topicEnded;
                if (topicEnded)
                {
                    // "a/#" also matches "a": the '#' stands for the parent level too.
                    return f + 2 == fLength && filter[f + 1] == MultiLevel;
                }
                f++;
                t++;
            }
        }

        /// <summary>
        /// Whether filter is a valid subscription filter: not empty, '+' only as a whole level,
        /// '#' only as the whole last level, no NUL character, and no character beyond U+FFFF
        /// (a surrogate pair: nanoCLR cannot compare those by index, see above).
        /// </summary>
        public static bool IsValidFilter(string filter)
        {
            if (filter == null || filter.Length == 0 || filter.Length > MaxLength) return false;
            int length = filter.Length;
            for (int i = 0; i < length; i++)
            {
                char c = filter[i];
                if (c == '\0' || (c >= 0xD800 && c <= 0xDFFF)) return false;
                if (c != SingleLevel && c != MultiLevel) continue;
                bool startsLevel = i == 0 || filter[i - 1] == Separator;
                bool endsLevel = i == length - 1 || filter[i + 1] == Separator;
                if (!startsLevel || !endsLevel) return false;
                if (c == MultiLevel && i != length - 1) return false;
            }
            return true;
        }

        /// <summary>Whether topic is a valid topic name to publish to: not empty, no wildcard, no NUL character.</summary>
        public static bool IsValidTopicName(string topic)
        {
            if (topic == null || topic.Length == 0 || topic.Length > MaxLength) return false;
            return topic.IndexOfAny(NotInTopicNames) < 0;
        }
    }
}
