namespace EdgeNano.Tests.Memory;

/// <summary>
/// The heap model against what a 32-bit nanoCLR reported for the same objects (free heap before
/// and after allocating ten of each, GC.Run(false); docs/memory.md, "How the figures are made").
/// </summary>
public class NanoHeapModelTests
{
    // Fields only for their count: the model reads the layout, not the values.
#pragma warning disable CS0649
    private sealed class NoFields;
    private sealed class TwoInts { public int A; public int B; }
    private sealed class FourBools { public bool A; public bool B; public bool C; public bool D; }
    private class Base { public int A; public int B; }
    private sealed class Derived : Base { public int C; }
#pragma warning restore CS0649

    // The model walks device types only; these test types stand in as roots.
    private static long Size(object value) => new NanoHeapModel().Walk(value);

    [Theory]
    [InlineData(0, 24)]
    [InlineData(4, 24)]
    [InlineData(5, 36)]
    [InlineData(16, 36)]
    [InlineData(17, 48)]
    [InlineData(100, 120)]
    [InlineData(1536, 1560)]
    public void A_byte_array_costs_what_nanoCLR_measured(int length, long bytes)
    {
        Assert.Equal(bytes, Size(new byte[length]));
    }

    [Fact]
    public void Arrays_of_other_elements_and_objects_cost_what_nanoCLR_measured()
    {
        Assert.Equal(36, Size(new bool[10]));
        Assert.Equal(48, Size(new char[10]));
        Assert.Equal(60, Size(new int[10]));
        Assert.Equal(108, Size(new long[10]));
        Assert.Equal(144, Size(new object?[10]));
        Assert.Equal(12, Size(new NoFields()));
        Assert.Equal(36, Size(new TwoInts()));
        Assert.Equal(60, Size(new FourBools()));
        Assert.Equal(48, Size(new Derived()));
    }

    [Theory]
    [InlineData(11, 24)]
    [InlineData(12, 36)]
    [InlineData(23, 36)]
    [InlineData(24, 48)]
    [InlineData(100, 120)]
    public void A_string_made_at_run_time_costs_what_nanoCLR_measured(int length, long bytes)
    {
        string text = new string('x', length + 1)[1..];
        Assert.Equal(bytes, Size(text));
    }
}
