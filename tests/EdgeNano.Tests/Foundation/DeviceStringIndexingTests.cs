using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace EdgeNano.Tests.Foundation;

/// <summary>
/// Device code must not index strings (s[i]) for text it encodes or compares: on nanoCLR the
/// indexer walks the UTF-8 string on every call and returns the high surrogate at the low half
/// of a pair, so one emoji became two U+FFFD. It iterates ToCharArray() or bytes instead. This
/// reads the nanoFramework builds of the device libraries and names every method that still
/// calls String.get_Chars, unless it is allowed below with its reason.
/// </summary>
public class DeviceStringIndexingTests
{
    /// <summary>Methods that may index strings: each is correct for what it compares and allocates nothing per message.</summary>
    public static readonly IReadOnlyDictionary<string, string> Allowed = new Dictionary<string, string>
    {
        ["EdgeNano.DeviceTwin.Json.Utf8.EqualsAscii"] =
            "compares UTF-8 bytes with an ASCII literal a few characters long; a byte of a multi-byte sequence never equals an ASCII character",
        ["EdgeNano.Composition.SettingsParser.Apply"] =
            "the compiler's string switch picks a case by length and one character, then confirms it with ==; ASCII labels, start-up only",
        ["EdgeNano.EventBus.TopicFilter.Matches"] =
            "topics arrive per message as strings from the MQTT client; valid filters hold no surrogates, so a misread half never matches",
        ["EdgeNano.EventBus.TopicFilter.IsValidFilter"] =
            "compares characters with '/', '+', '#', NUL and the surrogate range, which a misread half still falls in; allocation-free by contract",
        ["EdgeNano.EventBus.KubeEdgeTopicParser.SpanEquals"] =
            "compares a received topic with KubeEdge's ASCII levels and device ids, which KubeEdgeTopics keeps free of surrogates",
        ["EdgeNano.Runtime.Storage.StoreKey.IsValid"] =
            "a key is [a-z0-9-_]; any other character, however read, fails",
    };

    [Theory]
    [MemberData(nameof(DeviceLibrary.Names), MemberType = typeof(DeviceLibrary))]
    public void A_device_library_indexes_strings_only_where_allowed(string name)
    {
        var library = DeviceLibrary.Named(name);
        Assert.True(File.Exists(library.NanoAssembly), $"missing {library.NanoAssembly}: build EdgeNano.sln first");
        var offending = StringIndexerScan.MethodsIndexingStrings(File.ReadAllBytes(library.NanoAssembly))
            .Where(method => !Allowed.ContainsKey(method)).ToList();
        Assert.True(offending.Count == 0,
            "these methods index strings with s[i] (String.get_Chars); iterate ToCharArray() or bytes instead:\n  " + string.Join("\n  ", offending));
    }

    [Fact]
    public void Every_allowed_method_still_indexes_strings_so_the_list_does_not_outlive_its_reasons()
    {
        var found = DeviceLibrary.All
            .SelectMany(library => StringIndexerScan.MethodsIndexingStrings(File.ReadAllBytes(library.NanoAssembly)))
            .ToHashSet();
        var stale = Allowed.Keys.Where(method => !found.Contains(method)).ToList();
        Assert.True(stale.Count == 0, "allowed but no longer indexing strings (remove them from the list): " + string.Join(", ", stale));
    }

    [Fact]
    public void The_indexer_is_found_and_a_char_array_from_ToCharArray_is_not()
    {
        var (assembly, errors) = NanoCompiler.Compile("""
            namespace N
            {
                class C
                {
                    static int Indexed(string s) { int sum = 0; for (int i = 0; i < s.Length; i++) sum += s[i]; return sum; }
                    static int Copied(string s) { char[] chars = s.ToCharArray(); int sum = 0; for (int i = 0; i < chars.Length; i++) sum += chars[i]; return sum; }
                    static int Searched(string s) { return s.IndexOf('/'); }
                }
            }
            """);
        Assert.Empty(errors);
        Assert.Equal(["N.C.Indexed"], StringIndexerScan.MethodsIndexingStrings(assembly!));
    }

    [Fact]
    public void The_IL_is_decoded_by_opcode_so_operand_bytes_that_spell_a_call_are_not_taken_for_one()
    {
        // B's 8-byte ldc.i8 operand holds the bytes of "call String::get_Chars"; only A calls it.
        const string source = """
            class C
            {
                char A(string s) { return s[1]; }
                long B(int k) { switch (k) { case 0: return 1; case 1: return 2; case 2: return 3; } return VALUE; }
            }
            """;
        int token = GetCharsToken(Compile(source.Replace("VALUE", "0")));
        long spelled = 0x28L | ((long)token << 8);
        byte[] assembly = Compile(source.Replace("VALUE", spelled + "L"));
        Assert.Equal(token, GetCharsToken(assembly));
        Assert.True(BodyContains(assembly, "B", [0x28, (byte)token, (byte)(token >> 8), (byte)(token >> 16), (byte)(token >> 24)]));
        Assert.Equal(["C.A"], StringIndexerScan.MethodsIndexingStrings(assembly));
    }

    private static byte[] Compile(string source)
    {
        var (assembly, errors) = NanoCompiler.Compile(source);
        Assert.Empty(errors);
        return assembly!;
    }

    private static int GetCharsToken(byte[] assembly)
    {
        using var pe = new PEReader(ImmutableArray.Create(assembly));
        var md = pe.GetMetadataReader();
        var handle = md.MemberReferences.Single(h => md.GetString(md.GetMemberReference(h).Name) == "get_Chars");
        return MetadataTokens.GetToken(handle);
    }

    private static bool BodyContains(byte[] assembly, string method, byte[] pattern)
    {
        using var pe = new PEReader(ImmutableArray.Create(assembly));
        var md = pe.GetMetadataReader();
        var definition = md.MethodDefinitions.Select(md.GetMethodDefinition).Single(m => md.GetString(m.Name) == method);
        byte[] il = pe.GetMethodBody(definition.RelativeVirtualAddress).GetILBytes()!;
        return il.AsSpan().IndexOf(pattern) >= 0;
    }
}
