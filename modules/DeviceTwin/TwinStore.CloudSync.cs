namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// Cloud-originated changes: a twin sync with versions (edgecore's dealTwinSync), and the
    /// merge of a whole twin fetched after reconnect.
    /// </summary>
    public sealed partial class TwinStore
    {
        /// <summary>
        /// Applies a cloud sync, property by property, with KubeEdge's version rule: a value is
        /// taken only with its version pair, and refused when local.cloud &gt; req.cloud or
        /// local.edge &gt; req.edge. Then the local pair becomes the request's pair. A refused
        /// property keeps the edge's value and is listed as Rejected, so the reply can carry the
        /// edge's own value and versions. A value that does not parse as the property's type is
        /// skipped, as edgecore skips it. metadata.type "deleted" deletes the property (the
        /// version rule applies to each pair the request carries).
        /// </summary>
        public TwinResult ApplyCloudSync(int device, TwinUpdate update)
        {
            return ApplyCloud(device, update, false);
        }

        /// <summary>
        /// Merges a twin the cloud side sent as a whole (a twin/get result after reconnect).
        /// Properties that carry versions follow the sync rule exactly. Without versions (an
        /// edgecore get result strips them) the cloud's expected value is taken as the desired
        /// state, without touching the version pair, and the cloud's actual value is ignored:
        /// the device itself is the source of its readings and reports them next. Local
        /// properties the message does not name are left alone.
        /// </summary>
        public TwinResult MergeCloudTwin(int device, TwinUpdate update)
        {
            return ApplyCloud(device, update, true);
        }

        private TwinResult ApplyCloud(int device, TwinUpdate update, bool merge)
        {
            if (update == null) throw new System.ArgumentNullException("update");
            lock (_gate)
            {
                if (!Begin()) return _refusedInsideListener;
                if (!CheckMessage(device, update)) return _result;
                // Room is checked for the most the sync could need, before anything is applied.
                int newRows = 0, textBytes = 0, blocks = 0;
                for (int c = 0; c < update.Count; c++)
                {
                    if (FindProperty(device, update.Key(c)) < 0)
                    {
                        newRows++;
                        textBytes += update.Key(c).Length;
                        blocks++;
                    }
                    if (update.HasExpected(c)) { textBytes += update.Expected(c).Length; blocks++; }
                    if (update.HasActual(c)) { textBytes += update.Actual(c).Length; blocks++; }
                }
                if (!CheckRoom(device, newRows, textBytes, blocks)) return _result;
                long now = _clock.NowMs;
                for (int c = 0; c < update.Count; c++) ApplyCloudChange(device, update, c, now, merge);
                Finish(device);
                return _result;
            }
        }

        private void ApplyCloudChange(int device, TwinUpdate update, int c, long now, bool merge)
        {
            int slot = FindProperty(device, update.Key(c));
            int type = update.HasMetadata(c) ? TwinType.Parse(update.Type(c)) : TwinType.String;
            bool delete = update.IsDelete(c) || (update.HasMetadata(c) && type == TwinType.Deleted);
            if (slot >= 0 && delete) CloudDelete(slot, update, c, merge);
            else if (slot >= 0) CloudCompare(slot, update, c, now, merge, type);
            else if (!update.IsDelete(c)) CloudAdd(device, update, c, now, merge, type);
        }

        private void CloudDelete(int slot, TwinUpdate update, int c, bool merge)
        {
            if (IsDeleted(slot)) return;
            int entry = Open(slot, false);
            string reason = null;
            // A delete carrying no pair is let through (edgecore's SyncTwinDeleteDealType).
            if (HasExpectedVersion(slot) && update.HasExpectedVersion(c))
                reason = VersionRefusal(slot, true, update.ExpectedCloudVersion(c), update.ExpectedEdgeVersion(c));
            if (reason == null && HasActualVersion(slot) && update.HasActualVersion(c))
                reason = VersionRefusal(slot, false, update.ActualCloudVersion(c), update.ActualEdgeVersion(c));
            if (reason != null)
            {
                _result.Reject(entry, reason);
                Close(entry, slot);
                return;
            }
            if (HasExpectedVersion(slot) && update.HasExpectedVersion(c))
                SetPair(slot, true, update.ExpectedCloudVersion(c), update.ExpectedEdgeVersion(c));
            if (HasActualVersion(slot) && update.HasActualVersion(c))
                SetPair(slot, false, update.ActualCloudVersion(c), update.ActualEdgeVersion(c));
            DeleteRow(entry, slot, false);
            Close(entry, slot);
        }

        private void CloudCompare(int slot, TwinUpdate update, int c, long now, bool merge, int messageType)
        {
            int entry = Open(slot, false);
            bool wasDeleted = IsDeleted(slot);
            // A deleted row checks values against the type it is brought back with.
            int valueType = wasDeleted ? messageType : _types[slot];
            bool allowed = true;
            if (update.HasExpected(c) && TwinRules.CheckValueType(valueType, update.Expected(c)) == null)
            {
                allowed = TakeCloudValue(entry, slot, true, update.Expected(c), update.HasExpectedVersion(c),
                    update.ExpectedCloudVersion(c), update.ExpectedEdgeVersion(c), merge,
                    merge && update.HasExpectedTimestamp(c) ? update.ExpectedTimestamp(c) : now);
            }
            if (allowed && update.HasActual(c) && !(merge && !update.HasActualVersion(c))
                && TwinRules.CheckValueType(valueType, update.Actual(c)) == null)
            {
                allowed = TakeCloudValue(entry, slot, false, update.Actual(c), update.HasActualVersion(c),
                    update.ActualCloudVersion(c), update.ActualEdgeVersion(c), merge,
                    merge && update.HasActualTimestamp(c) ? update.ActualTimestamp(c) : now);
            }
            if (allowed)
            {
                if (update.HasOptional(c) && !update.Optional(c) && Optional(slot))
                {
                    _flags[slot] &= unchecked((byte)~OptionalFlag);
                    _result.Mark(entry, TwinResult.OptionalChanged);
                }
                if (wasDeleted)
                {
                    _types[slot] = (byte)messageType;
                    _result.Mark(entry, TwinResult.TypeChanged);
                }
            }
            Close(entry, slot);
        }

        /// <summary>One value of a sync on an existing row; false when the version rule refused it.</summary>
        private bool TakeCloudValue(int entry, int slot, bool expected, TwinText value, bool hasVersion,
            long cloud, long edge, bool merge, long now)
        {
            if (!hasVersion && !merge)
            {
                _result.Reject(entry, TwinReasons.VersionMissing);
                return false;
            }
            if (hasVersion)
            {
                string reason = VersionRefusal(slot, expected, cloud, edge);
                if (reason != null)
                {
                    _result.Reject(entry, reason);
                    return false;
                }
                bool had = expected ? HasExpectedVersion(slot) : HasActualVersion(slot);
                long localCloud = expected ? ExpectedCloudVersion(slot) : ActualCloudVersion(slot);
                long localEdge = expected ? ExpectedEdgeVersion(slot) : ActualEdgeVersion(slot);
                if (!had || localCloud != cloud || localEdge != edge)
                {
                    SetPair(slot, expected, cloud, edge);
                    _result.Mark(entry, TwinResult.VersionsChanged);
                }
            }
            int handle = expected ? ExpectedHandle(slot) : ActualHandle(slot);
            if (_arena.Equals(handle, value)) return true;
            ReplaceValue(entry, handle, expected, true, value);
            _numbers[slot * 6 + (expected ? ExpectedTs : ActualTs)] = now;
            _result.Mark(entry, expected ? TwinResult.ExpectedChanged : TwinResult.ActualChanged);
            return true;
        }

        /// <summary>Why a request's pair may not replace the local one (KubeEdge's dealVersion), or null.</summary>
        private string VersionRefusal(int slot, bool expected, long cloud, long edge)
        {
            // A property without a pair compares as {0, 0}, as edgecore creates one on demand.
            long localCloud = expected ? ExpectedCloudVersion(slot) : ActualCloudVersion(slot);
            long localEdge = expected ? ExpectedEdgeVersion(slot) : ActualEdgeVersion(slot);
            if (localCloud > cloud) return TwinReasons.CloudVersionOlder;
            if (localEdge > edge) return TwinReasons.EdgeVersionConflict;
            return null;
        }

        /// <summary>
        /// A property the edge does not have yet. As edgecore, a value without its pair (or not
        /// of the type) makes the whole property refused silently; "deleted" creates a deleted
        /// row holding the cloud's pairs.
        /// </summary>
        private void CloudAdd(int device, TwinUpdate update, int c, long now, bool merge, int type)
        {
            bool deleted = type == TwinType.Deleted;
            bool takeExpected = !deleted && update.HasExpected(c);
            bool takeActual = !deleted && update.HasActual(c) && !(merge && !update.HasActualVersion(c));
            if (takeExpected)
            {
                if (!update.HasExpectedVersion(c) && !merge) return;
                if (update.HasExpectedVersion(c) && (update.ExpectedCloudVersion(c) < 0 || update.ExpectedEdgeVersion(c) < 0)) return;
                if (TwinRules.CheckValueType(type, update.Expected(c)) != null) return;
            }
            if (takeActual)
            {
                if (!update.HasActualVersion(c)) return;
                if (update.ActualCloudVersion(c) < 0 || update.ActualEdgeVersion(c) < 0) return;
                if (TwinRules.CheckValueType(type, update.Actual(c)) != null) return;
            }
            int slot = NewRow(device, update.Key(c));
            int entry = Open(slot, true);
            _types[slot] = (byte)type;
            if (update.HasOptional(c) && !update.Optional(c)) _flags[slot] &= unchecked((byte)~OptionalFlag);
            if (update.HasExpectedVersion(c) && (takeExpected || deleted))
                SetPair(slot, true, update.ExpectedCloudVersion(c), update.ExpectedEdgeVersion(c));
            if (update.HasActualVersion(c) && (takeActual || deleted))
                SetPair(slot, false, update.ActualCloudVersion(c), update.ActualEdgeVersion(c));
            if (takeExpected)
            {
                StoreText(ExpectedHandle(slot), update.Expected(c));
                _numbers[slot * 6 + ExpectedTs] = merge && update.HasExpectedTimestamp(c) ? update.ExpectedTimestamp(c) : now;
                _result.Mark(entry, TwinResult.ExpectedChanged);
            }
            if (takeActual)
            {
                StoreText(ActualHandle(slot), update.Actual(c));
                _numbers[slot * 6 + ActualTs] = merge && update.HasActualTimestamp(c) ? update.ActualTimestamp(c) : now;
                _result.Mark(entry, TwinResult.ActualChanged);
            }
            _result.Mark(entry, deleted ? TwinResult.Added | TwinResult.Deleted : TwinResult.Added);
            Close(entry, slot);
        }
    }
}
