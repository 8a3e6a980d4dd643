using System.CommandLine;
using System.CommandLine.Parsing;

namespace EdgeNano.Cli.Common;

/// <summary>What a command's action gets: the parse result, its output streams and a stop token.</summary>
public sealed record CliContext(ParseResult Parse, TextWriter Output, TextWriter Error, CancellationToken Cancel)
{
    /// <summary>A log line with the time, on the output.</summary>
    public void Log(string line)
    {
        lock (Output) Output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {line}");
    }
}

/// <summary>Runs a command's body: a <see cref="CliException"/> becomes one line on stderr and exit code 1.</summary>
public static class CliRun
{
    public static void SetAction(Command command, Func<CliContext, Task<int>> body)
    {
        command.SetAction(async (parse, cancel) =>
        {
            var context = new CliContext(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancel);
            try
            {
                return await body(context);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return 130;
            }
            catch (CliException e)
            {
                context.Error.WriteLine($"{CommandPath(parse)}: {e.Message}");
                return 1;
            }
            catch (Exception e)
            {
                // Still one line: the type says where to look, without a stack trace for the user.
                context.Error.WriteLine($"{CommandPath(parse)}: unexpected {e.GetType().Name}: {e.Message}");
                return 2;
            }
        });
    }

    /// <summary>"edgenano twin get": the command that ran, for error lines.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult command; result = command.Parent)
        {
            names.Insert(0, command.Command is RootCommand ? "edgenano" : command.Command.Name);
        }
        return string.Join(" ", names);
    }
}
