using System.Text;
using EdgeNano.DeviceTwin.Wire;

namespace EdgeNano.Tests.DeviceTwin.Codec;

/// <summary>Test helpers: a canonical dump of a TwinMessage, and random messages built through its setters.</summary>
public static class TwinMessages
{
    /// <summary>Everything the message holds, with presence spelled out, one field per line.</summary>
    public static string Describe(TwinMessage m)
    {
        var s = new StringBuilder();
        s.AppendLine($"event_id={Text(m.EventId)} timestamp={(m.HasTimestamp ? m.Timestamp : "-")}");
        s.AppendLine($"twin={Presence.Name(m.TwinPresence)}");
        for (int i = 0; i < m.PropertyCount; i++)
        {
            var p = m.PropertyAt(i);
            s.AppendLine($"  [{Text(p.Key)}] {State(p.Twin)}");
            if (p.Last != null) s.AppendLine($"    last {State(p.Last)}\n    current {State(p.Current)}");
        }
        s.AppendLine($"delta={Presence.Name(m.DeltaPresence)}");
        for (int i = 0; i < m.DeltaCount; i++) s.AppendLine($"  [{Text(m.DeltaKeyAt(i))}]={Text(m.DeltaValueAt(i))}");
        s.AppendLine($"code={(m.HasCode ? m.Code : "-")} reason={Text(m.Reason)} state={Text(m.State)}");
        // Members by list: the lists are separate JSON arrays, so only the order within a list means anything.
        foreach (var d in Enumerable.Range(0, m.MemberCount).Select(m.MemberAt).OrderBy(d => d.List))
        {
            s.AppendLine($"  member list={d.List} id={Text(d.Id)} name={Text(d.Name)} state={Text(d.State)}");
        }
        return s.ToString();
    }

    private static string Text(WireText t) => t.HasValue ? "'" + t.GetString() + "'" : t.ToString();

    private static string State(TwinState t) => t.Presence != Presence.Value
        ? Presence.Name(t.Presence)
        : $"expected={Value(t.Expected)} actual={Value(t.Actual)} optional={(t.HasOptional ? t.Optional : "-")} " +
          $"type={Text(t.Type)} ev={Version(t.ExpectedVersion)} av={Version(t.ActualVersion)}";

    private static string Value(TwinValue v) => v.Presence != Presence.Value
        ? Presence.Name(v.Presence)
        : $"({Text(v.Value)} @{(v.HasTimestamp ? v.Timestamp : "-")})";

    private static string Version(TwinVersion v) => v.Presence != Presence.Value ? Presence.Name(v.Presence) : $"{v.Cloud}/{v.Edge}";

    private static readonly string[] Words = ["state", "temp", "é", "😀", "a b", "\"q\"", "back\\slash", "\n", "", "running", "19", "中文"];
    private static readonly string[] Types = ["string", "int", "integer", "float", "boolean", "deleted"];

    private static string Word(Random r) => Words[r.Next(Words.Length)] + (r.Next(3) == 0 ? Words[r.Next(Words.Length)] : "");
    private static long Long(Random r) => r.Next(4) switch { 0 => long.MinValue, 1 => long.MaxValue, 2 => r.Next(), _ => r.NextInt64(long.MinValue, long.MaxValue) };

    /// <summary>Fills m with a random message of any shape the codec knows, keys unique.</summary>
    public static void Build(TwinMessage m, int seed)
    {
        var r = new Random(seed);
        m.Clear();
        switch (r.Next(3))
        {
            case 0: break;
            case 1: m.EventId.SetNull(); break;
            default: m.EventId.Set(Word(r)); break;
        }
        if (r.Next(2) == 0) m.SetTimestamp(Long(r));
        int twin = r.Next(4);
        if (twin == 1) m.TwinPresence = Presence.Null;
        if (twin >= 2)
        {
            int count = r.Next(0, m.MaxProperties + 1);
            m.TwinPresence = Presence.Value;
            for (int i = 0; i < count; i++)
            {
                var p = m.AddProperty(Word(r) + i)!;
                FillState(p.Twin, r, allowNull: true);
                if (p.Last != null && p.Twin.HasValue && r.Next(2) == 0)
                {
                    FillStateOrAbsent(p.Last, r);
                    FillStateOrAbsent(p.Current, r);
                }
            }
        }
        int delta = r.Next(4);
        if (delta == 1) m.DeltaPresence = Presence.Null;
        if (delta >= 2)
        {
            m.DeltaPresence = Presence.Value;
            int count = r.Next(0, m.MaxProperties + 1);
            for (int i = 0; i < count; i++) m.AddDelta(Word(r) + i, Word(r));
        }
        if (r.Next(3) == 0) m.SetCode(r.Next(3) switch { 0 => 400, 1 => 404, _ => 500 });
        if (r.Next(3) == 0) m.Reason.Set(Word(r));
        if (r.Next(3) == 0) m.State.Set(r.Next(2) == 0 ? "online" : Word(r));
        int members = r.Next(3) == 0 ? r.Next(0, 5) : 0;
        for (int i = 0; i < members; i++)
        {
            var d = m.AddMember(r.Next(3))!;
            d.Id.Set(Word(r));
            if (r.Next(2) == 0) d.Name.Set(Word(r));
            if (r.Next(2) == 0) d.State.Set("online");
        }
    }

    private static void FillStateOrAbsent(TwinState t, Random r)
    {
        if (r.Next(3) == 0) return;
        FillState(t, r, allowNull: true);
    }

    private static void FillState(TwinState t, Random r, bool allowNull)
    {
        if (allowNull && r.Next(5) == 0)
        {
            t.Presence = Presence.Null;
            return;
        }
        t.Presence = Presence.Value;
        FillValue(t.Expected, r);
        FillValue(t.Actual, r);
        if (r.Next(2) == 0) t.SetOptional(r.Next(2) == 0);
        switch (r.Next(3))
        {
            case 1: t.Type.SetNull(); break;
            case 2: t.Type.Set(Types[r.Next(Types.Length)]); break;
        }
        FillVersion(t.ExpectedVersion, r);
        FillVersion(t.ActualVersion, r);
    }

    private static void FillValue(TwinValue v, Random r)
    {
        switch (r.Next(4))
        {
            case 0: return;
            case 1: v.Presence = Presence.Null; return;
        }
        v.Presence = Presence.Value;
        switch (r.Next(3))
        {
            case 1: v.Value.SetNull(); break;
            case 2: v.Value.Set(Word(r)); break;
        }
        if (r.Next(2) == 0)
        {
            v.HasTimestamp = true;
            v.Timestamp = Long(r);
        }
    }

    private static void FillVersion(TwinVersion v, Random r)
    {
        switch (r.Next(3))
        {
            case 1: v.Presence = Presence.Null; break;
            case 2: v.Set(Long(r), Long(r)); break;
        }
    }
}
