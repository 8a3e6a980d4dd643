#nullable disable
using nanoFramework.TestFramework;
using Assert = nanoFramework.TestFramework.Assert;

// Test classes for NanoLauncherTests: they live in the runner's assembly, not in NFUnitTest, so
// the device test run never sees them.
namespace EdgeNano.DeviceTests.Runner.Fixtures;

[TestClass]
public class OrderedClass
{
    public static readonly List<string> Calls = [];

    [Cleanup]
    public void Last() => Calls.Add("cleanup");

    [TestMethod]
    [DataRow(1, "one")]
    [DataRow(2, "two")]
    public void Rows(int number, string name) => Calls.Add($"row {number} {name}");

    [TestMethod]
    public void Plain() => Calls.Add("plain");

    [Setup]
    public void First() => Calls.Add("setup");

    [TestMethod]
    public void Fails() => Assert.IsTrue(false, "on purpose");

    [TestMethod]
    public void Skips() => Assert.SkipTest("not on this board");
}

[TestClass]
public class SkippedSetupClass
{
    public static int Runs;

    [Setup]
    public void NeedsHardware() => Assert.SkipTest("no sensor");

    [TestMethod]
    public void Test() => Runs++;

    [Cleanup]
    public void Cleanup() => Runs++;
}

[TestClass]
public class FailingSetupClass
{
    public static int Runs;

    [Setup]
    public void Breaks() => throw new InvalidOperationException("setup broke");

    [TestMethod]
    public void Test() => Runs++;
}

[TestClass]
public class InstanceStateClass
{
    private int _count;

    [TestMethod]
    public void Touches_an_instance_field() => _count++;

    [TestMethod]
    public void Uses_only_static_state() => Shared++;

    public static int Shared;
}

[TestClass]
public class MismatchedRowClass
{
    [TestMethod]
    [DataRow(1)]
    public void Takes_a_long(long value) => Assert.AreEqual(1L, value);

    [TestMethod]
    [DataRow("text")]
    public void Takes_an_object(object value) => Assert.AreEqual("text", value);
}
