using System;

// The real package declares this exception in namespace TestFrameworkShared (its shared-source
// project's name), not nanoFramework.TestFramework; the stand-in keeps that.
namespace TestFrameworkShared
{
    /// <summary>STAND-IN (see README.md): what a failed assertion throws; the launcher reports the test as failed.</summary>
    public class AssertFailedException : Exception
    {
        public AssertFailedException()
        {
        }

        public AssertFailedException(string msg) : base(msg)
        {
        }

        public AssertFailedException(string msg, Exception ex) : base(msg, ex)
        {
        }
    }
}
