using System.Runtime.ExceptionServices;
using Xunit.Abstractions;

namespace EdgeNano.DeviceTests.Runner;

/// <summary>
/// Every device test (tests/EdgeNano.DeviceTests) as one xunit case, named after its class and
/// method (and data row): passed, failed with the device test's own exception, or skipped.
/// A class runs whole, launcher-style, when its first case comes up (see NanoLauncher).
/// </summary>
public class DeviceTests
{
    public static TheoryData<DeviceTest> Cases()
    {
        var cases = new TheoryData<DeviceTest>();
        foreach (var test in NanoLauncher.All) cases.Add(new DeviceTest(test.DisplayName));
        return cases;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Device_test(DeviceTest test)
    {
        var result = NanoLauncher.ResultOf(test.Name);
        Skip.If(result.Outcome == DeviceTestOutcome.Skipped, result.Message);
        if (result.Outcome == DeviceTestOutcome.Passed) return;
        if (result.Exception != null) ExceptionDispatchInfo.Capture(result.Exception).Throw();
        Assert.Fail(result.Message);
    }
}

/// <summary>
/// A device test's name as a theory argument: serializable, so xunit lists each device test as
/// its own case, and shown whole (xunit cuts string arguments at 50 characters).
/// </summary>
public sealed class DeviceTest : IXunitSerializable
{
    public DeviceTest()
    {
        Name = "";
    }

    public DeviceTest(string name)
    {
        Name = name;
    }

    public string Name { get; private set; }

    public void Deserialize(IXunitSerializationInfo info) => Name = info.GetValue<string>(nameof(Name));

    public void Serialize(IXunitSerializationInfo info) => info.AddValue(nameof(Name), Name);

    public override string ToString() => Name;
}
