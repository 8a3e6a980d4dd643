namespace EdgeNano.Board
{
    /// <summary>
    /// What an MCU allows on each GPIO number: whether the pin exists, whether it is taken by
    /// the chip itself (flash, PSRAM) and refused, whether it can only be an input (and has no
    /// internal pull resistors), and what to warn about (strapping pins, the serial console).
    /// The ESP32 rules follow ESPHome's pin validation, except that GPIO 9 and 10, which ESPHome
    /// only warns about, are refused with the other flash pins: on the DevKitC's WROOM-32 they
    /// are wired to the flash. The STM32F769I-DISCOVERY's pins owned by the board (Ethernet PHY,
    /// SDRAM, QSPI flash, SD card, ST-LINK, crystals) come from nanoFramework's board.h for the
    /// ST_STM32F769I_DISCOVERY target; its GPIO numbers are port * 16 + pin (PA0 = 0, PJ13 = 157).
    /// </summary>
    public sealed class McuPinTable
    {
        private readonly string _mcu;
        private readonly string[] _refusal;   // null: usable; otherwise why the pin cannot be used
        private readonly bool[] _inputOnly;
        private readonly string[] _warning;

        private McuPinTable(string mcu, int pinCount)
        {
            _mcu = mcu;
            _refusal = new string[pinCount];
            _inputOnly = new bool[pinCount];
            _warning = new string[pinCount];
        }

        /// <summary>The MCU name this table describes.</summary>
        public string Mcu
        {
            get { return _mcu; }
        }

        /// <summary>GPIO numbers run from 0 to PinCount - 1 (not all of them exist).</summary>
        public int PinCount
        {
            get { return _refusal.Length; }
        }

        /// <summary>The table for an MCU name ("esp32", "esp32-s3", "stm32f769", "bcm2711", "linux", "simulator"), or null.</summary>
        public static McuPinTable For(string mcu)
        {
            if (mcu == "esp32") return Esp32();
            if (mcu == "esp32-s3") return Esp32S3();
            if (mcu == "stm32f769") return Stm32F769Discovery();
            if (mcu == "bcm2711") return Bcm2711();
            if (mcu == "linux") return Open("linux", 1024);
            if (mcu == "simulator") return Open("simulator", 64);
            return null;
        }

        /// <summary>The MCU names For knows, for error messages.</summary>
        public const string KnownMcus = "esp32, esp32-s3, stm32f769, bcm2711, linux, simulator";

        /// <summary>Why the pin cannot be used at all (missing, taken by flash), or null when it can.</summary>
        public string Refusal(int pin)
        {
            if (pin < 0 || pin >= _refusal.Length) return "GPIO " + pin.ToString() + " does not exist on " + _mcu;
            return _refusal[pin];
        }

        /// <summary>True when the pin can be read but not driven.</summary>
        public bool IsInputOnly(int pin)
        {
            return pin >= 0 && pin < _inputOnly.Length && _inputOnly[pin];
        }

        /// <summary>What to warn about when the pin is used, or null.</summary>
        public string Warning(int pin)
        {
            return pin >= 0 && pin < _warning.Length ? _warning[pin] : null;
        }

        private static McuPinTable Esp32()
        {
            McuPinTable t = new McuPinTable("esp32", 40);
            // GPIO 20, 24 and 28-31 are not bonded out on the ESP32.
            t.Missing(20);
            t.Missing(24);
            for (int pin = 28; pin <= 31; pin++) t.Missing(pin);
            for (int pin = 6; pin <= 11; pin++)
                t._refusal[pin] = "GPIO " + pin.ToString() + " is wired to the SPI flash on esp32 (GPIO 6-11)";
            for (int pin = 34; pin <= 39; pin++) t._inputOnly[pin] = true;
            t.Strapping(0);
            t.Strapping(2);
            t.Strapping(5);
            t.Strapping(12);
            t.Strapping(15);
            t._warning[1] = "GPIO 1 is the serial console's TX; using it garbles the log";
            t._warning[3] = "GPIO 3 is the serial console's RX; using it breaks flashing over serial";
            return t;
        }

        private static McuPinTable Esp32S3()
        {
            McuPinTable t = new McuPinTable("esp32-s3", 49);
            for (int pin = 22; pin <= 25; pin++) t.Missing(pin);
            for (int pin = 26; pin <= 32; pin++)
                t._refusal[pin] = "GPIO " + pin.ToString() + " is wired to the SPI flash / PSRAM on esp32-s3 (GPIO 26-32)";
            for (int pin = 33; pin <= 37; pin++)
                t._warning[pin] = "GPIO " + pin.ToString() + " is used by octal PSRAM on modules with R8/R16 PSRAM (e.g. N8R8); free only on modules without octal PSRAM";
            t.Strapping(0);
            t.Strapping(3);
            t.Strapping(45);
            t.Strapping(46);
            t._warning[19] = "GPIO 19 is the native USB D-; using it disables the USB port";
            t._warning[20] = "GPIO 20 is the native USB D+; using it disables the USB port";
            t._warning[43] = "GPIO 43 is the serial console's TX; using it garbles the log";
            t._warning[44] = "GPIO 44 is the serial console's RX; using it breaks flashing over serial";
            return t;
        }

        private static McuPinTable Stm32F769Discovery()
        {
            // Ports A-K, 16 pins each; port K has PK0-PK7 only. nanoFramework's STM32 targets
            // number a pin port * 16 + pin (cpu_gpio.cpp: port = number / 16, pad = number % 16).
            McuPinTable t = new McuPinTable("stm32f769", 11 * 16);
            for (int pin = 10 * 16 + 8; pin < 11 * 16; pin++) t.Missing(pin);
            // What the STM32F769I-DISCOVERY wires its chip to (nf-interpreter's board.h for
            // ST_STM32F769I_DISCOVERY, ST's UM2033); nanoFramework's firmware drives all of it.
            t.Owned("the Ethernet RMII PHY (LAN8742A)", "PA1 PA2 PA7 PC1 PC4 PC5 PD5 PG11 PG13 PG14");
            t.Owned("the SDRAM (FMC), where nanoFramework keeps its managed heap",
                "PD0 PD1 PD8 PD9 PD10 PD14 PD15 PE0 PE1 PE7 PE8 PE9 PE10 PE11 PE12 PE13 PE14 PE15 " +
                "PF0 PF1 PF2 PF3 PF4 PF5 PF11 PF12 PF13 PF14 PF15 PG0 PG1 PG2 PG4 PG5 PG8 PG15 " +
                "PH2 PH3 PH5 PH8 PH9 PH10 PH11 PH12 PH13 PH14 PH15 PI0 PI1 PI2 PI3 PI4 PI5 PI6 PI7 PI9 PI10");
            t.Owned("the QSPI flash", "PB2 PB6 PC9 PC10 PD13 PE2");
            t.Owned("the microSD card slot, EdgeNano's storage (D:)", "PB3 PB4 PD6 PD7 PG9 PG10 PI15");
            t.Owned("the ST-LINK's virtual COM port, nanoFramework's debug and deploy link", "PA9 PA10");
            t.Owned("the ST-LINK's SWD", "PA13 PA14");
            t.Owned("a crystal oscillator", "PC14 PC15 PH0 PH1");
            return t;
        }

        private static McuPinTable Bcm2711()
        {
            // A Raspberry Pi 4's header exposes BCM GPIO 0-27.
            McuPinTable t = new McuPinTable("bcm2711", 28);
            t._warning[0] = "GPIO 0 is the HAT ID EEPROM's I2C data line";
            t._warning[1] = "GPIO 1 is the HAT ID EEPROM's I2C clock line";
            return t;
        }

        private static McuPinTable Open(string mcu, int pinCount)
        {
            return new McuPinTable(mcu, pinCount);
        }

        /// <summary>Refuses each pin of a space-separated list of port names (PA1 PB12 ...).</summary>
        private void Owned(string owner, string pins)
        {
            char[] text = pins.ToCharArray();
            int i = 0;
            while (i < text.Length)
            {
                // "P", a port letter, then the pin's digits.
                int pin = (text[i + 1] - 'A') * 16;
                int number = 0;
                i += 2;
                while (i < text.Length && text[i] != ' ') number = number * 10 + (text[i++] - '0');
                i++;
                pin += number;
                _refusal[pin] = "GPIO " + pin.ToString() + " (" + PortName(pin) + ") belongs to " + owner + " on " + _mcu + " (STM32F769I-DISCOVERY)";
            }
        }

        /// <summary>PA0 for 0, PJ13 for 157: an STM32 pin's port name from its GPIO number.</summary>
        private static string PortName(int pin)
        {
            return "P" + ((char)('A' + pin / 16)).ToString() + (pin % 16).ToString();
        }

        private void Missing(int pin)
        {
            _refusal[pin] = "GPIO " + pin.ToString() + " does not exist on " + _mcu;
        }

        private void Strapping(int pin)
        {
            _warning[pin] = "GPIO " + pin.ToString() + " is a strapping pin of " + _mcu +
                "; an external pull resistor or a load on it can stop the board from booting";
        }
    }
}
