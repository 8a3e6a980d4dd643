namespace EdgeNano.Gpio
{
    /// <summary>
    /// How the gpio module gets woken for time-driven work (debounce settling, rate windows,
    /// minimum intervals, heartbeats): after each round it says when it next needs to run, and
    /// the timer calls <see cref="GpioModule.Wake"/> then. The runtime itself has timers only
    /// for request timeouts, so the board supplies this one.
    /// </summary>
    public interface IWakeTimer
    {
        /// <summary>Replaces any earlier request: wake the module at or soon after dueMs (runtime clock), or never for long.MaxValue.</summary>
        void WakeAt(long dueMs);
    }
}
