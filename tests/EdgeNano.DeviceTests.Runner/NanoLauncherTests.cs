using EdgeNano.DeviceTests.Runner.Fixtures;

namespace EdgeNano.DeviceTests.Runner;

/// <summary>The runner behaves as nanoFramework's launcher (3.0.77) does on the device.</summary>
public class NanoLauncherTests
{
    /// <summary>The result of the one case of a method (its index counts every attribute on the method, as the adapter's does).</summary>
    private static DeviceTestResult Result(Type type, string method) => Of(NanoLauncher.RunClass(type), type, method);

    private static DeviceTestResult Of(IReadOnlyDictionary<string, DeviceTestResult> results, Type type, string method) =>
        results[NanoLauncher.Discover(type).Single(c => c.Method.Name == method).FullyQualifiedName];

    [Fact]
    public void Setup_runs_once_first_then_tests_then_data_rows_then_Cleanup_once()
    {
        OrderedClass.Calls.Clear();
        var results = NanoLauncher.RunClass(typeof(OrderedClass));

        Assert.Equal(["setup", "plain", "row 1 one", "row 2 two", "cleanup"], OrderedClass.Calls);
        Assert.Equal(7, results.Count);
    }

    [Fact]
    public void Cases_are_named_as_nanoFrameworks_test_adapter_names_them()
    {
        var names = NanoLauncher.Discover(typeof(OrderedClass)).Select(c => c.FullyQualifiedName.Replace(typeof(OrderedClass).FullName + ".", ""));

        // Rows has [TestMethod] and two [DataRow]s: only the rows count, indexed after dropping [TestMethod].
        Assert.Equal(["First.0", "Plain.0", "Fails.0", "Skips.0", "Rows.0", "Rows.1", "Last.0"], names);
    }

    [Fact]
    public void A_failed_assertion_fails_its_case_and_SkipTest_skips_it()
    {
        var fails = Result(typeof(OrderedClass), "Fails");
        Assert.Equal(DeviceTestOutcome.Failed, fails.Outcome);
        Assert.Equal("Assert.IsTrue failed. on purpose", fails.Message);
        Assert.IsType<TestFrameworkShared.AssertFailedException>(fails.Exception);

        var skips = Result(typeof(OrderedClass), "Skips");
        Assert.Equal(DeviceTestOutcome.Skipped, skips.Outcome);
        Assert.Equal("not on this board", skips.Message);
    }

    [Fact]
    public void A_skipped_Setup_skips_every_other_case_of_its_class_and_runs_none()
    {
        SkippedSetupClass.Runs = 0;
        var results = NanoLauncher.RunClass(typeof(SkippedSetupClass));

        Assert.All(results.Values, r => Assert.Equal(DeviceTestOutcome.Skipped, r.Outcome));
        Assert.Equal(0, SkippedSetupClass.Runs);
    }

    [Fact]
    public void A_failing_Setup_fails_as_a_case_and_the_tests_still_run()
    {
        FailingSetupClass.Runs = 0;
        var results = NanoLauncher.RunClass(typeof(FailingSetupClass));

        Assert.Equal(DeviceTestOutcome.Failed, Of(results, typeof(FailingSetupClass), "Breaks").Outcome);
        Assert.Equal(DeviceTestOutcome.Passed, Of(results, typeof(FailingSetupClass), "Test").Outcome);
        Assert.Equal(1, FailingSetupClass.Runs);
    }

    [Fact]
    public void Test_methods_run_without_an_instance_as_on_nanoCLR()
    {
        Assert.IsType<NullReferenceException>(Result(typeof(InstanceStateClass), "Touches_an_instance_field").Exception);
        Assert.Equal(DeviceTestOutcome.Passed, Result(typeof(InstanceStateClass), "Uses_only_static_state").Outcome);
    }

    [Fact]
    public void A_DataRow_value_is_passed_as_it_is_so_one_of_another_type_fails_the_case()
    {
        var mismatch = Result(typeof(MismatchedRowClass), "Takes_a_long");
        Assert.Equal(DeviceTestOutcome.Failed, mismatch.Outcome);
        Assert.Contains("DataRow value 1 (Int32) does not fit parameter 'value' (Int64)", mismatch.Message);

        Assert.Equal(DeviceTestOutcome.Passed, Result(typeof(MismatchedRowClass), "Takes_an_object").Outcome);
    }

    [Fact]
    public void The_device_tests_assembly_is_found_by_the_name_the_launcher_loads()
    {
        var all = NanoLauncher.All;

        Assert.True(all.Count >= 40, $"only {all.Count} device test cases found");
        Assert.All(all, c => Assert.Equal(NanoLauncher.AssemblyName, c.Class.Assembly.GetName().Name));
        Assert.Equal(all.Count, all.Select(c => c.FullyQualifiedName).Distinct().Count());
        Assert.Equal(all.Count, all.Select(c => c.DisplayName).Distinct().Count()); // xunit's case names
    }
}
