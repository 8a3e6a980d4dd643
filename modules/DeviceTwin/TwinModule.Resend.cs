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
        // Per device, marks in one byte (one array, not one per mark: each is a heap object on the device).
        private byte[] _deviceMarks;
        // A report of the device could not leave: every current value goes again.
        private const byte ReportWhole = 1;
        // Rows marked Listed that a report could not carry yet: only those go again.
        private const byte ReportListedRows = 2;
        // The owner refused the device's report as unknown (404): reported whole when it next sends the twin.
        private const byte OwnerLacks = 4;
        private bool _reportAgainDue;
        private int _reportRetries;

        /// <summary>Times a device's values were reported again after a report could not leave.</summary>
        public int ReportRetries { get { return _reportRetries; } }

        private void ReportUndelivered(int device)
        {
            _deliveryFailures++;
            if (_options.Uplink == null || _deviceMarks == null || device < 0 || device >= _deviceMarks.Length) return;
            _deviceMarks[device] |= ReportWhole;
            ReportAgainSoon();
        }

        /// <summary>As ReportUndelivered, for the device's rows marked Listed only (a report split over several payloads that ran out of them).</summary>
        private void ReportListedUndelivered(int device)
        {
            _deliveryFailures++;
            _deviceMarks[device] |= ReportListedRows;
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
            for (int device = 0; device < _deviceMarks.Length; device++)
            {
                int marks = _deviceMarks[device];
                if ((marks & ReportWhole) != 0)
                {
                    _deviceMarks[device] = (byte)(marks & OwnerLacks);
                    _reportRetries++;
                    ForgetListed(device);
                    ReportTogether(device, AllRows);
                }
                else if ((marks & ReportListedRows) != 0)
                {
                    _deviceMarks[device] = (byte)(marks & OwnerLacks);
                    _reportRetries++;
                    ReportListed(device);
                }
            }
        }
    }
}
