namespace EdgeNano.Fuzz;

/// <summary>
/// One thing to fuzz: a name (the corpus folder and the command-line argument) and what to do
/// with one input. Run must return normally for every input the code under test refuses with an
/// error of its own; only an unexpected exception, a broken invariant
/// (<see cref="InvariantBroken"/>) or a hang is a finding. Adding a target is adding one
/// subclass with a public parameterless constructor, plus seed files in corpus/{Name}/.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>Lower-case, dash-separated; also the corpus folder's name.</summary>
    public abstract string Name { get; }

    /// <summary>One line for --list and the docs.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Words the format is made of, written to an AFL dictionary (-x) so the fuzzer need not
    /// guess field names byte by byte. Empty by default.
    /// </summary>
    public virtual IReadOnlyList<string> Tokens => [];

    /// <summary>Feeds one input to the code under test and checks what comes back.</summary>
    public abstract void Run(ReadOnlySpan<byte> input);

    /// <summary>Throws <see cref="InvariantBroken"/> with the message when condition is false.</summary>
    protected static void Check(bool condition, string message)
    {
        if (!condition) throw new InvariantBroken(message);
    }
}

/// <summary>
/// The code under test did not throw but answered something it must never answer; the fuzz
/// engines report it as a crash like any other exception.
/// </summary>
public sealed class InvariantBroken(string message) : Exception(message);
