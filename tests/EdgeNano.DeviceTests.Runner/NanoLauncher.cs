using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Runner;

/// <summary>What a device test case is: nanoFramework's test adapter lists Setup and Cleanup methods as cases too.</summary>
public enum DeviceTestKind { Setup, TestMethod, DataRow, Cleanup }

public enum DeviceTestOutcome { Passed, Failed, Skipped }

/// <summary>
/// One case as nanoFramework's test adapter (3.0.77) names it: "Namespace.Class.Method.i", i the
/// index of its attribute on the method once a [TestMethod] that also has [DataRow]s is dropped.
/// </summary>
public sealed record DeviceTestCase(Type Class, MethodInfo Method, int Index, DeviceTestKind Kind, object?[]? Arguments)
{
    public string FullyQualifiedName => $"{Class.FullName}.{Method.Name}.{Index}";

    /// <summary>What xunit shows: the adapter's name without the assembly's root namespace, the DataRow values, the kind for Setup/Cleanup.</summary>
    public string DisplayName
    {
        get
        {
            string name = FullyQualifiedName.StartsWith(NanoLauncher.RootNamespace + ".", StringComparison.Ordinal)
                ? FullyQualifiedName[(NanoLauncher.RootNamespace.Length + 1)..]
                : FullyQualifiedName;
            return Kind switch
            {
                DeviceTestKind.Setup => "[Setup] " + name,
                DeviceTestKind.Cleanup => "[Cleanup] " + name,
                DeviceTestKind.DataRow => $"{name} ({string.Join(", ", Arguments!.Select(Show))})",
                _ => name,
            };
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string text => "\"" + text + "\"",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    public override string ToString() => DisplayName;
}

public sealed record DeviceTestResult(DeviceTestOutcome Outcome, string Message, Exception? Exception)
{
    public static readonly DeviceTestResult Passed = new(DeviceTestOutcome.Passed, "", null);
}

/// <summary>
/// Finds and runs device tests the way nanoFramework.UnitTestLauncher 3.0.77 does on nanoCLR:
/// <list type="bullet">
/// <item>a test class is a class carrying [TestClass]; its methods are Type.GetMethods() (public);</item>
/// <item>per class, in this order: every [Setup], every [TestMethod] without [DataRow]s, every
/// [DataRow] (a method with both runs once per row only), every [Cleanup]: Setup and Cleanup
/// once per class, not per test;</item>
/// <item>no instance of the class is made: each method is invoked with a null target, so a test
/// that touches an instance field fails here as it would on the device; shared state is static;</item>
/// <item>DataRow values are passed as they are, not converted: a value whose type differs from the
/// parameter's fails here rather than misbehave on nanoCLR;</item>
/// <item>SkipTestException (Assert.SkipTest) skips the case; a skipped Setup skips the rest of the
/// class, Cleanup included; any other exception fails the case and the class goes on.</item>
/// </list>
/// </summary>
public static class NanoLauncher
{
    /// <summary>The device tests' assembly, by the name nanoFramework's launcher loads.</summary>
    public const string AssemblyName = "NFUnitTest";
    public const string RootNamespace = "EdgeNano.DeviceTests";

    private static readonly Lazy<IReadOnlyList<DeviceTestCase>> DeviceTests =
        new(() => Discover(Assembly.Load(new AssemblyName(AssemblyName))));

    private static readonly ConcurrentDictionary<Type, Lazy<IReadOnlyDictionary<string, DeviceTestResult>>> Runs = new();

    /// <summary>Every case of the device tests, class by class in the launcher's order.</summary>
    public static IReadOnlyList<DeviceTestCase> All => DeviceTests.Value;

    /// <summary>The cases of every [TestClass] in the assembly.</summary>
    public static IReadOnlyList<DeviceTestCase> Discover(Assembly assembly) =>
        assembly.GetTypes().Where(type => type.IsClass && HasExactly<TestClassAttribute>(type))
            .SelectMany(Discover).ToList();

    /// <summary>The cases of one test class, in the order the launcher runs them.</summary>
    public static IReadOnlyList<DeviceTestCase> Discover(Type testClass)
    {
        var cases = new List<DeviceTestCase>();
        foreach (var kind in new[] { DeviceTestKind.Setup, DeviceTestKind.TestMethod, DeviceTestKind.DataRow, DeviceTestKind.Cleanup })
        {
            foreach (var method in testClass.GetMethods())
            {
                object[] attributes = TestAttributesOf(method);
                for (int i = 0; i < attributes.Length; i++)
                {
                    if (KindOf(attributes[i]) != kind) continue;
                    var arguments = attributes[i] is DataRowAttribute row ? row.MethodParameters : null;
                    cases.Add(new DeviceTestCase(testClass, method, i, kind, arguments));
                }
            }
        }
        return cases;
    }

    /// <summary>The result of a case of the device tests, by its display name; its class runs whole the first time one of its cases is asked for.</summary>
    public static DeviceTestResult ResultOf(string displayName)
    {
        var test = All.Single(c => c.DisplayName == displayName);
        return Run(test.Class)[test.FullyQualifiedName];
    }

    /// <summary>Runs a test class once, as the launcher does, and keeps every case's result.</summary>
    public static IReadOnlyDictionary<string, DeviceTestResult> Run(Type testClass) =>
        Runs.GetOrAdd(testClass, type => new Lazy<IReadOnlyDictionary<string, DeviceTestResult>>(() => RunClass(type))).Value;

    /// <summary>Runs a test class now (no caching): Setup, tests, data rows, Cleanup.</summary>
    public static IReadOnlyDictionary<string, DeviceTestResult> RunClass(Type testClass)
    {
        var results = new Dictionary<string, DeviceTestResult>();
        string? skippedSetup = null;
        foreach (var test in Discover(testClass))
        {
            if (skippedSetup != null)
            {
                results[test.FullyQualifiedName] = new DeviceTestResult(DeviceTestOutcome.Skipped,
                    $"Setup method '{skippedSetup}' has been skipped.", null);
                continue;
            }
            var result = Invoke(test);
            results[test.FullyQualifiedName] = result;
            if (test.Kind == DeviceTestKind.Setup && result.Outcome == DeviceTestOutcome.Skipped) skippedSetup = test.Method.Name;
        }
        return results;
    }

    private static DeviceTestResult Invoke(DeviceTestCase test)
    {
        object?[] arguments = test.Arguments ?? [];
        string? mismatch = ArgumentMismatch(test.Method, arguments);
        if (mismatch != null) return new DeviceTestResult(DeviceTestOutcome.Failed, mismatch, null);
        try
        {
            Invoker(test.Method)(arguments);
            return DeviceTestResult.Passed;
        }
        catch (Exception ex) when (ex.GetType() == typeof(SkipTestException))
        {
            return new DeviceTestResult(DeviceTestOutcome.Skipped, ex.Message, ex);
        }
        catch (Exception ex)
        {
            return new DeviceTestResult(DeviceTestOutcome.Failed, ex.Message, ex);
        }
    }

    /// <summary>Why the values cannot be passed as they are to the method's parameters, or null.</summary>
    private static string? ArgumentMismatch(MethodInfo method, object?[] arguments)
    {
        var parameters = method.GetParameters();
        if (parameters.Length != arguments.Length)
            return $"{method.Name} takes {parameters.Length} parameters but is given {arguments.Length} values";
        for (int i = 0; i < parameters.Length; i++)
        {
            Type type = parameters[i].ParameterType;
            object? value = arguments[i];
            bool fits = type.IsValueType ? value != null && value.GetType() == type : value == null || type.IsInstanceOfType(value);
            if (!fits)
                return $"DataRow value {i + 1} ({value?.GetType().Name ?? "null"}) does not fit parameter '{parameters[i].Name}' ({type.Name}): " +
                       "nanoFramework's launcher passes DataRow values as they are, without conversion";
        }
        return null;
    }

    /// <summary>
    /// Calls the method with a null target, as nanoCLR's MethodBase.Invoke(null, args) does for the
    /// launcher: a 'call' (not 'callvirt') with null as 'this' for an instance method.
    /// </summary>
    private static Action<object?[]> Invoker(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var invoker = new DynamicMethod("nano_invoke_" + method.Name, null, [typeof(object[])], method.Module, skipVisibility: true);
        var il = invoker.GetILGenerator();
        if (!method.IsStatic) il.Emit(OpCodes.Ldnull);
        for (int i = 0; i < parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            Type type = parameters[i].ParameterType;
            il.Emit(type.IsValueType ? OpCodes.Unbox_Any : OpCodes.Castclass, type);
        }
        il.Emit(OpCodes.Call, method);
        if (method.ReturnType != typeof(void)) il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ret);
        return invoker.CreateDelegate<Action<object?[]>>();
    }

    /// <summary>The method's attributes, minus [TestMethod] when it also has [DataRow]s (the launcher's own rule).</summary>
    private static object[] TestAttributesOf(MethodInfo method)
    {
        object[] attributes = method.GetCustomAttributes(true);
        bool hasTestMethod = attributes.Any(a => a.GetType() == typeof(TestMethodAttribute));
        bool hasDataRow = attributes.Any(a => a.GetType() == typeof(DataRowAttribute));
        return hasTestMethod && hasDataRow ? attributes.Where(a => a.GetType() != typeof(TestMethodAttribute)).ToArray() : attributes;
    }

    private static DeviceTestKind? KindOf(object attribute)
    {
        Type type = attribute.GetType();
        if (type == typeof(SetupAttribute)) return DeviceTestKind.Setup;
        if (type == typeof(TestMethodAttribute)) return DeviceTestKind.TestMethod;
        if (type == typeof(DataRowAttribute)) return DeviceTestKind.DataRow;
        if (type == typeof(CleanupAttribute)) return DeviceTestKind.Cleanup;
        return null;
    }

    private static bool HasExactly<T>(Type type) => type.GetCustomAttributes(true).Any(a => a.GetType() == typeof(T));
}
