namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// Reports that could not leave (no message free, the uplink's ring full): the store holds the
    /// value, but nothing else would tell the owner, so a reading could stay unreported until the
    /// next resync. The device is marked and, shortly after, every current value of it is
    /// reported again — the same "report the current value" edgehub's outbox relies on.
    /// </summary>
    public sealed partial class TwinModule
    {
        private bool[] _reportAgain;
        // Devices with rows marked Listed that a report could not carry yet: only those go again.
        private bool[] _listedAgain;
        // Devices whose report the owner refused as unknown (404): reported whole when it next sends their twin.
        private bool[] _ownerLacks;
        private bool _reportAgainDue;
        private int _reportRetries;

        /// <summary>Times a device's values were reported again after a report could not leave.</summary>
        public int ReportRetries { get { return _reportRetries; } }

        private void ReportUndelivered(int device)
        {
            _deliveryFailures++;
            if (_options.Uplink == null || _reportAgain == null || device < 0 || device >= _reportAgain.Length) return;
            _reportAgain[device] = true;
            ReportAgainSoon();
        }

        /// <summary>As ReportUndelivered, for the device's rows marked Listed only (a report split over several payloads that ran out of them).</summary>
        private void ReportListedUndelivered(int device)
        {
            _deliveryFailures++;
            _listedAgain[device] = true;
            ReportAgainSoon();
        }

        private void ReportAgainSoon()
        {
            if (_reportAgainDue) return;
            _reportAgainDue = true;
            Context.Host.SetTimer(this, Context.Clock.NowMs + RenotifyAfterMs);
        }

        /// <summary>On the timer: every marked device's current values, in one report where they fit. Fails again → marked again.</summary>
        private void ReportAgain()
        {
            _reportAgainDue = false;
            for (int device = 0; device < _reportAgain.Length; device++)
            {
                if (_reportAgain[device])
                {
                    _reportAgain[device] = false;
                    _listedAgain[device] = false;
                    _reportRetries++;
                    ForgetListed(device);
                    ReportTogether(device, AllRows);
                }
                else if (_listedAgain[device])
                {
                    _listedAgain[device] = false;
                    _reportRetries++;
                    ReportListed(device);
                }
            }
        }
    }
}
