using System;
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework
{
    // STAND-IN (see README.md). The real package has one AreEqual and one AreNotEqual per type
    // below; all of them are here, so a call binds to the same overload in both builds.
    public sealed partial class Assert
    {
        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(char expected, char actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(DateTime expected, DateTime actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(double expected, double actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(float expected, float actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(int expected, int actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(long expected, long actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(object expected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(short expected, short actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(string expected, string actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!string.Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (!Equals(expected, actual)) FailAreEqual(expected, actual, message);
        }

        public static void AreNotEqual(bool notExpected, bool actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(byte notExpected, byte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(char notExpected, char actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(DateTime notExpected, DateTime actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(double notExpected, double actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(float notExpected, float actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(long notExpected, long actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(object notExpected, object actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(sbyte notExpected, sbyte actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(short notExpected, short actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(string notExpected, string actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (string.Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(uint notExpected, uint actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(ulong notExpected, ulong actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        public static void AreNotEqual(ushort notExpected, ushort actual, [CallerArgumentExpression("actual")] string message = "")
        {
            if (Equals(notExpected, actual)) FailAreNotEqual(notExpected, actual, message);
        }

        private static void FailAreEqual(object expected, object actual, string message)
        {
            Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + Show(message));
        }

        private static void FailAreNotEqual(object notExpected, object actual, string message)
        {
            Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. Actual:<" + Show(actual) + ">. " + Show(message));
        }
    }
}
