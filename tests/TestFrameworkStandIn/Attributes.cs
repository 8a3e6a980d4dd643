using System;

namespace nanoFramework.TestFramework
{
    // STAND-IN (see README.md): the attributes of nanoFramework.TestFramework 3.0.77, same names,
    // namespace, targets and constructors. The launcher finds test classes and methods by these.

    /// <summary>Marks a class whose public methods the launcher looks at.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute
    {
    }

    /// <summary>A test: run once, or once per <see cref="DataRowAttribute"/> when it has any.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute
    {
    }

    /// <summary>Runs once per test class, before its tests; skipping it (Assert.SkipTest) skips the class.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : Attribute
    {
    }

    /// <summary>Runs once per test class, after its tests.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : Attribute
    {
    }

    /// <summary>One set of arguments for a test method; the launcher passes them as they are.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters)
        {
            if (methodParameters == null) throw new ArgumentNullException("methodParameters");
            if (methodParameters.Length == 0) throw new ArgumentException("a data row needs at least one value");
            MethodParameters = methodParameters;
        }

        public object[] MethodParameters { get; }
    }
}
