// Shared with nanoFramework (C# 9, no nullable annotations there), so nullable analysis is off here.
#nullable disable
using System.Device.Gpio;
using EdgeNano.Board;
using EdgeNano.Gpio;

namespace EdgeNano.Boards.Gpio
{
    /// <summary>
    /// The gpio module's pin bank on a GpioController. One source for both worlds: it compiles
    /// against dotnet/iot's System.Device.Gpio (PC with the simulated driver, Raspberry Pi) and
    /// nanoFramework.System.Device.Gpio (ESP32), using only the API the two share. Whoever
    /// composes the board creates the controller: the driver choice stays outside this file.
    /// </summary>
    public sealed class GpioControllerPinBank : IPinBank
    {
        private readonly GpioController _controller;
        private readonly IPinEdgeListener[] _listeners;

        /// <param name="controller">An open controller; the bank does not dispose it.</param>
        /// <param name="pinCount">GPIO numbers the bank accepts: 0 to pinCount - 1.</param>
        public GpioControllerPinBank(GpioController controller, int pinCount)
        {
            _controller = controller;
            _listeners = new IPinEdgeListener[pinCount];
        }

        public void OpenInput(int pin, int pull, IPinEdgeListener listener)
        {
            PinMode mode = pull == PullMode.Up ? PinMode.InputPullUp : pull == PullMode.Down ? PinMode.InputPullDown : PinMode.Input;
            _controller.OpenPin(pin, mode);
            if (listener == null) return;
            _listeners[pin] = listener;
            _controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, OnPinValueChanged);
        }

        public void OpenOutput(int pin)
        {
            _controller.OpenPin(pin, PinMode.Output);
        }

        public bool Read(int pin)
        {
            return _controller.Read(pin) == PinValue.High;
        }

        public void Write(int pin, bool high)
        {
            _controller.Write(pin, high ? PinValue.High : PinValue.Low);
        }

        public void Close(int pin)
        {
            _listeners[pin] = null;
            if (_controller.IsPinOpen(pin)) _controller.ClosePin(pin);
        }

        // Runs on the driver's event thread: hand the edge over and return.
        private void OnPinValueChanged(object sender, PinValueChangedEventArgs e)
        {
            int pin = e.PinNumber;
            IPinEdgeListener listener = pin >= 0 && pin < _listeners.Length ? _listeners[pin] : null;
            if (listener != null) listener.PinChanged(pin, e.ChangeType == PinEventTypes.Rising);
        }
    }
}
