namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// What other modules (gpio, telemetry) may do with the twin: look properties up, read
    /// their values, report actual values, set expected values locally, and hear about
    /// expected-value changes. Property slots stay valid for the store's lifetime.
    /// </summary>
    public interface ITwinProperties
    {
        /// <summary>The index of a registered device ("namespace/name"), -1 when unknown.</summary>
        int FindDevice(TwinText deviceId);

        /// <summary>FindDevice for an id held as a string (compared whole: allocates nothing).</summary>
        int FindDevice(string deviceId);

        /// <summary>The slot of a device's property, -1 when it has none of that key (deleted rows are found too).</summary>
        int FindProperty(int device, TwinText key);

        /// <summary>True when the property is deleted (type "deleted": no values, skipped by get and delta).</summary>
        bool IsDeleted(int slot);

        /// <summary>True when the property has an expected value.</summary>
        bool HasExpected(int slot);

        /// <summary>True when the expected value is exactly this text.</summary>
        bool ExpectedIs(int slot, TwinText value);

        /// <summary>Copies the expected value into buffer at offset; returns its length, -1 when there is none or it does not fit.</summary>
        int CopyExpected(int slot, byte[] buffer, int offset);

        /// <summary>True when the property has an actual value.</summary>
        bool HasActual(int slot);

        /// <summary>True when the actual value is exactly this text.</summary>
        bool ActualIs(int slot, TwinText value);

        /// <summary>Copies the actual value into buffer at offset; returns its length, -1 when there is none or it does not fit.</summary>
        int CopyActual(int slot, byte[] buffer, int offset);

        /// <summary>Reports a sensor's value (an edge update of actual); returns a TwinStatus code.</summary>
        int SetActual(int device, TwinText key, TwinText value);

        /// <summary>Sets a desired value from the edge (an edge update of expected); returns a TwinStatus code.</summary>
        int SetExpected(int device, TwinText key, TwinText value);

        /// <summary>Adds a listener for expected-value changes; false when all listener places are taken.</summary>
        bool AddExpectedListener(ITwinExpectedListener listener);
    }
}
