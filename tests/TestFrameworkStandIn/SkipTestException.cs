using System;

namespace nanoFramework.TestFramework
{
    /// <summary>STAND-IN (see README.md): what Assert.SkipTest throws; the launcher reports the test as skipped.</summary>
    public class SkipTestException : Exception
    {
        public SkipTestException(string message = null, Exception innerException = null) : base(message, innerException)
        {
        }
    }
}
