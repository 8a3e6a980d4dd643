namespace EdgeNano.Gpio
{
    /// <summary>
    /// Told about pin level changes (an interface rather than a delegate with arguments, which
    /// would need generics on nanoFramework). Called on the driver's thread, possibly several at
    /// once: an implementation only records and returns.
    /// </summary>
    public interface IPinEdgeListener
    {
        /// <summary>The pin went high (true) or low.</summary>
        void PinChanged(int pin, bool high);
    }
}
