namespace EdgeNano.Fuzz;

/// <summary>Runs one input through a target the way the engines judge it: an exception or a hang is a finding.</summary>
public static class InputReplay
{
    /// <summary>Null when the target handled the input; otherwise what went wrong (exception and stack, or the hang).</summary>
    public static string? Run(FuzzTarget target, byte[] input, TimeSpan timeout)
    {
        string? problem = null;
        var thread = new Thread(() =>
        {
            try
            {
                target.Run(input);
            }
            catch (Exception e)
            {
                problem = e.ToString();
            }
        }, 64 * 1024 * 1024);
        thread.IsBackground = true;
        thread.Start();
        return thread.Join(timeout) ? problem : $"HANG: no answer within {timeout.TotalSeconds:0} s";
    }
}
