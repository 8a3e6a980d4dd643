using EdgeNano.Composition;
using EdgeNano.EdgeHub;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// Runs a composed device in one thread as its dispatcher, blocking-work and network threads
    /// would: dispatch, run the blocking work, deliver received messages, and move the manual
    /// clock on while the device waits (backoff, rate limits, timers).
    /// </summary>
    public sealed class DeviceDriver
    {
        /// <summary>Device time the clock moves per waiting step.</summary>
        public const int StepMs = 100;

        private readonly QueuedWork _work;
        private readonly TwinOwnerLink _link;
        private readonly ManualClock _clock;
        private EdgeNanoDevice _device;

        /// <summary>Made before the probe's baseline (its own few bytes are not the device's); the device is set once composed.</summary>
        public DeviceDriver(QueuedWork work, TwinOwnerLink link, ManualClock clock)
        {
            _work = work;
            _link = link;
            _clock = clock;
        }

        /// <summary>The device it drives.</summary>
        public EdgeNanoDevice Device
        {
            set { _device = value; }
        }

        /// <summary>
        /// Dispatches, runs the blocking work and delivers received messages until none of them
        /// has anything to do and no module timer is due. False when that took over 1000 rounds.
        /// </summary>
        public bool RunUntilIdle()
        {
            for (int round = 0; round < 1000; round++)
            {
                bool busy = _device.Host.RunOnce(64);
                if (_work.RunAll() > 0) busy = true;
                if (_link.DeliverAll() > 0) busy = true;
                if (!busy && _device.Host.NextDeadline > _clock.NowMs) return true;
            }
            return false;
        }

        /// <summary>
        /// Runs until edgehub is synced and has flushed what waited in its outbox (reports made
        /// while offline), moving the clock on in steps while it waits. False when it was not
        /// synced within maxWaitMs of device time or the device never became idle.
        /// </summary>
        public bool RunUntilSynced(int maxWaitMs)
        {
            for (int waited = 0; waited <= maxWaitMs; waited += StepMs)
            {
                if (!RunUntilIdle()) return false;
                Heap.Sample();
                EdgeHubModule hub = _device.EdgeHub;
                if (hub.State == EdgeHubState.Synced && hub.Outbox.Count == 0 && hub.Events.Count == 0 && hub.Worker.Queued == 0)
                {
                    System.Console.WriteLine("SYNCED after " + waited.ToString() + " ms: gets=" + _link.Gets.ToString() +
                        " reports=" + _link.Reports.ToString() + " publishes=" + _link.Publishes.ToString());
                    return true;
                }
                _clock.Advance(StepMs);
            }
            return false;
        }

        /// <summary>Runs until the updates module reports one of the two states; false when maxWaitMs of device time pass first.</summary>
        public bool RunUntilUpdateState(string stateA, string stateB, int maxWaitMs)
        {
            for (int waited = 0; waited <= maxWaitMs; waited += StepMs)
            {
                if (!RunUntilIdle()) return false;
                Heap.Sample();
                string state = _device.Updates.State;
                if (state == stateA || state == stateB) return true;
                _clock.Advance(StepMs);
            }
            return false;
        }
    }
}
