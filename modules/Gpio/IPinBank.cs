namespace EdgeNano.Gpio
{
    /// <summary>
    /// The pins as the gpio module needs them, implemented by a board adapter (GpioController
    /// on nanoFramework and dotnet/iot, a simulated driver on a PC). Levels are electrical:
    /// true is high. Pin numbers are the MCU's GPIO numbers from the board file.
    /// </summary>
    public interface IPinBank
    {
        /// <summary>
        /// Opens an input with a <see cref="EdgeNano.Board.PullMode"/> and reports every level
        /// change to listener, from whatever thread the driver uses.
        /// </summary>
        void OpenInput(int pin, int pull, IPinEdgeListener listener);

        /// <summary>Opens an output.</summary>
        void OpenOutput(int pin);

        /// <summary>The pin's level now (an output reads back what it drives).</summary>
        bool Read(int pin);

        /// <summary>Drives an output high (true) or low.</summary>
        void Write(int pin, bool high);

        /// <summary>Closes the pin and stops its edge reports.</summary>
        void Close(int pin);
    }
}
