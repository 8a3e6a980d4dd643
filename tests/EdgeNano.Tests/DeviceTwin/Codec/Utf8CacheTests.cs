using System.Text;
using EdgeNano.DeviceTwin.Json;

namespace EdgeNano.Tests.DeviceTwin.Codec;

/// <summary>
/// The writer's cache of encoded strings: the same few strings per message cost a lookup, not
/// an allocation, and what it hands out is always the string's UTF-8.
/// </summary>
public class Utf8CacheTests
{
    [Fact]
    public void A_string_is_encoded_once_and_an_equal_string_shares_its_bytes()
    {
        var cache = new Utf8Cache(4);
        byte[] first = cache.Bytes("温度");
        Assert.Equal(Encoding.UTF8.GetBytes("温度"), first);
        Assert.Same(first, cache.Bytes("温度"));
        string equal = new string("温度".ToCharArray()); // another instance, same text (as read from a board file)
        Assert.Same(first, cache.Bytes(equal));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_full_cache_replaces_its_oldest_string()
    {
        var cache = new Utf8Cache(2);
        byte[] a = cache.Bytes("a");
        byte[] b = cache.Bytes("b");
        cache.Bytes("🌡"); // replaces "a"
        Assert.Same(b, cache.Bytes("b"));
        byte[] again = cache.Bytes("a"); // encoded anew, replacing "b"
        Assert.NotSame(a, again);
        Assert.Equal(a, again);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void A_string_longer_than_MaxChars_is_encoded_each_time_and_never_kept()
    {
        var cache = new Utf8Cache(4);
        string text = new string('x', Utf8Cache.MaxChars) + "𝄞";
        byte[] first = cache.Bytes(text);
        Assert.Equal(Encoding.UTF8.GetBytes(text), first);
        Assert.NotSame(first, cache.Bytes(text));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Finding_a_kept_string_allocates_nothing()
    {
        var cache = new Utf8Cache(Utf8Cache.DefaultCapacity);
        string[] strings = ["event_id", "string", "online", "café", "🌡"];
        foreach (string s in strings) cache.Bytes(s);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++) total += cache.Bytes(strings[i % strings.Length]).Length;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(total > 0);
    }
}
