using System;
using System.Runtime.CompilerServices;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// STAND-IN (see README.md) for nanoFramework.TestFramework's Assert: the members the device
    /// tests use, with the real package's names and signatures (3.0.77). A failed assertion
    /// throws AssertFailedException with "Assert.X failed. ..." as the real one does.
    /// Equality is object.Equals on the boxed values and ordinal for strings, as on nanoCLR.
    /// </summary>
    public sealed partial class Assert
    {
        public static void IsTrue(bool condition, [CallerArgumentExpression("condition")] string message = "")
        {
            if (!condition) Fail("Assert.IsTrue", message);
        }

        public static void IsFalse(bool condition, [CallerArgumentExpression("condition")] string message = "")
        {
            if (condition) Fail("Assert.IsFalse", message);
        }

        public static void IsNull(object value, [CallerArgumentExpression("value")] string message = "")
        {
            if (value != null) Fail("Assert.IsNull", message);
        }

        public static void IsNotNull(object value, [CallerArgumentExpression("value")] string message = "")
        {
            if (value == null) Fail("Assert.IsNotNull", message);
        }

        public static void AreSame(object expected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!ReferenceEquals(expected, actual)) Fail("Assert.AreSame", message);
        }

        public static void Contains(string expected, string value, [CallerArgumentExpression("value")] string message = "")
        {
            NotNull(expected, "Assert.Contains", "expected");
            NotNull(value, "Assert.Contains", "value");
            if (value.IndexOf(expected) < 0) Fail("Assert.Contains", "'" + value + "' does not contain '" + expected + "'. " + Show(message));
        }

        public static void StartsWith(string expected, string value, [CallerArgumentExpression("value")] string message = "")
        {
            NotNull(expected, "Assert.StartsWith", "expected");
            NotNull(value, "Assert.StartsWith", "value");
            if (!value.StartsWith(expected)) Fail("Assert.StartsWith", "'" + value + "' does not start with '" + expected + "'. " + Show(message));
        }

        /// <summary>Passes only when action throws exactly the exception type (not a subclass), as the real one.</summary>
        public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression("action")] string message = "")
        {
            NotNull(action, "Assert.ThrowsException", "action");
            NotNull(exception, "Assert.ThrowsException", "exception");
            try
            {
                action();
            }
            catch (Exception thrown)
            {
                if (thrown.GetType() == exception) return;
                Fail("Assert.ThrowsException", "Threw exception " + thrown.GetType().Name + ", but exception " + exception.Name +
                    " was expected. " + Show(message) + "\r\nException Message: " + thrown.Message);
            }
            Fail("Assert.ThrowsException", "No exception thrown. " + exception.Name + " exception was expected. " + Show(message));
        }

        /// <summary>Ends the test as skipped.</summary>
        public static void SkipTest(string message = null)
        {
            throw new SkipTestException(message);
        }

        private static void NotNull(object value, string assertion, string parameter)
        {
            if (value == null) Fail(assertion, "The parameter '" + parameter + "' is invalid. The value cannot be null.");
        }

        private static void Fail(string assertion, string message)
        {
            throw new AssertFailedException(assertion + " failed. " + (message == null ? "" : message));
        }

        private static string Show(object value)
        {
            return value == null ? "(null)" : value.ToString();
        }
    }
}
