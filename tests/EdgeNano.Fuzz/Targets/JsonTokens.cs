namespace EdgeNano.Fuzz.Targets;

/// <summary>Words of JSON and of KubeEdge's twin payloads, shared by the JSON-shaped targets' dictionaries.</summary>
internal static class JsonTokens
{
    public static readonly string[] Syntax =
    [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "true", "false", "null", "-", "0", "1e9", ".5", "E+",
        "\\u", "\\u0000", "\\ud83d\\ude00", "\\ud800", "\\n", "\\\"", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "\u00e9", "\ud83d\ude00", " ", "\t", "\r\n",
    ];

    public static readonly string[] Twin =
    [
        "\"event_id\"", "\"timestamp\"", "\"twin\"", "\"delta\"", "\"code\"", "\"reason\"", "\"state\"",
        "\"devices\"", "\"added_devices\"", "\"removed_devices\"", "\"expected\"", "\"actual\"",
        "\"optional\"", "\"metadata\"", "\"type\"", "\"value\"", "\"expected_version\"",
        "\"actual_version\"", "\"cloud\"", "\"edge\"", "\"last\"", "\"current\"", "\"id\"", "\"name\"",
    ];
}
