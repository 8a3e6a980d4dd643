using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace EdgeNano.Cli.Kube;

/// <summary>
/// Double-quotes every string value. kubectl reads YAML 1.1, where a plain <c>on</c>, <c>no</c>,
/// <c>1_000</c>, <c>0x1F</c>, <c>1:30</c> or <c>~</c> is a bool, a number or null, and a plain
/// <c>#x</c> a comment; quoted, each stays the string it is. Mapping keys, the export's own field
/// names, stay plain for reading; ints and bools stay plain, being what they look like.
/// </summary>
internal sealed class QuotedStringValues(IEventEmitter next) : ChainedEventEmitter(next)
{
    private enum Next { Key, Value, Item }

    // Per open mapping or sequence, what its next node is.
    private readonly Stack<Next> _open = new();

    public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
    {
        if (Take() != Next.Key && eventInfo.Source.Type == typeof(string)) eventInfo.Style = ScalarStyle.DoubleQuoted;
        base.Emit(eventInfo, emitter);
    }

    public override void Emit(MappingStartEventInfo eventInfo, IEmitter emitter) => base.Emit(Open(eventInfo, Next.Key), emitter);

    public override void Emit(SequenceStartEventInfo eventInfo, IEmitter emitter) => base.Emit(Open(eventInfo, Next.Item), emitter);

    public override void Emit(MappingEndEventInfo eventInfo, IEmitter emitter) => base.Emit(Close(eventInfo), emitter);

    public override void Emit(SequenceEndEventInfo eventInfo, IEmitter emitter) => base.Emit(Close(eventInfo), emitter);

    // A mapping or sequence is a node of its parent, then a parent itself.
    private T Open<T>(T start, Next first)
    {
        Take();
        _open.Push(first);
        return start;
    }

    private T Close<T>(T end)
    {
        _open.Pop();
        return end;
    }

    // What the node now emitted is in its parent, which then expects the other of key and value.
    private Next Take()
    {
        if (_open.Count == 0) return Next.Value;
        Next next = _open.Pop();
        _open.Push(next switch { Next.Key => Next.Value, Next.Value => Next.Key, _ => Next.Item });
        return next;
    }
}
