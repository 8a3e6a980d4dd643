namespace EdgeNano.Cli.Common;

/// <summary>A failure the user can act on: printed as one line on stderr, exit code 1.</summary>
public sealed class CliException(string message) : Exception(message);
