namespace EdgeNano.DeviceTwin
{
    /// <summary>Edge-originated changes: twin/update from a device or mapper, and the local Set* calls.</summary>
    public sealed partial class TwinStore
    {
        /// <summary>
        /// Applies an edge update (edgecore's "rest" deal type: actual from sensors, or expected
        /// set locally). All or nothing, as edgecore (which reloads the device from its database
        /// on any error): every change is checked before the first is applied.
        /// Each changed expected/actual value bumps its pair's edge counter; a value equal to the
        /// stored one changes nothing and bumps nothing (edgecore bumps on every report; EdgeNano
        /// does not, so an unchanged reading costs no traffic or flash: see Result.NoChange).
        /// A null (delete) is honoured for optional properties; for a non-optional one the update
        /// is refused with 400 (edgecore ignores it silently). The type of an existing property
        /// does not change (values are checked against the stored type) until it is deleted.
        /// </summary>
        public TwinResult ApplyEdgeUpdate(int device, TwinUpdate update)
        {
            if (update == null) throw new System.ArgumentNullException("update");
            lock (_gate)
            {
                if (!Begin()) return _refusedInsideListener;
                if (!CheckMessage(device, update)) return _result;
                if (!CheckEdgeChanges(device, update)) return _result;
                long now = _clock.NowMs;
                for (int c = 0; c < update.Count; c++) ApplyEdgeChange(device, update, c, now);
                Finish(device);
                return _result;
            }
        }

        /// <summary>Reports one actual value (an edge update of one property); the details are in Result.</summary>
        public int SetActual(int device, TwinText key, TwinText value)
        {
            lock (_gate)
            {
                _single.Clear();
                _single.SetActual(_single.Add(key), value);
                return ApplyEdgeUpdate(device, _single).Status;
            }
        }

        /// <summary>Sets one expected value from the edge (an edge update of one property); the details are in Result.</summary>
        public int SetExpected(int device, TwinText key, TwinText value)
        {
            lock (_gate)
            {
                _single.Clear();
                _single.SetExpected(_single.Add(key), value);
                return ApplyEdgeUpdate(device, _single).Status;
            }
        }

        /// <summary>The rules an edge update must pass, and the room it needs, before anything is applied.</summary>
        private bool CheckEdgeChanges(int device, TwinUpdate update)
        {
            int newRows = 0, textBytes = 0, blocks = 0;
            for (int c = 0; c < update.Count; c++)
            {
                int slot = FindProperty(device, update.Key(c));
                if (update.IsDelete(c))
                {
                    if (slot < 0) return Refuse(TwinReasons.BodyWrong, c);
                    if (!IsDeleted(slot) && !Optional(slot)) return Refuse(TwinReasons.NotOptional, c);
                    continue;
                }
                int type;
                if (slot < 0 || IsDeleted(slot))
                {
                    type = update.HasMetadata(c) ? TwinType.Parse(update.Type(c)) : TwinType.String;
                    // A device cannot create deleted rows; only the cloud's sync speaks of them.
                    if (type == TwinType.Deleted) return Refuse(TwinReasons.TypeNotAllowed, c);
                }
                else
                {
                    type = _types[slot];
                }
                // edgecore skips this check for the first expected value of an existing property
                // (a gap in isTwinValueDiff); EdgeNano checks every value against the type.
                string reason;
                if (update.HasExpected(c) && (reason = TwinRules.CheckValueType(type, update.Expected(c))) != null) return Refuse(reason, c);
                if (update.HasActual(c) && (reason = TwinRules.CheckValueType(type, update.Actual(c))) != null) return Refuse(reason, c);
                if (slot < 0)
                {
                    newRows++;
                    textBytes += update.Key(c).Length;
                    blocks++;
                }
                if (update.HasExpected(c) && (slot < 0 || !ExpectedIs(slot, update.Expected(c))))
                {
                    textBytes += update.Expected(c).Length;
                    blocks++;
                }
                if (update.HasActual(c) && (slot < 0 || !ActualIs(slot, update.Actual(c))))
                {
                    textBytes += update.Actual(c).Length;
                    blocks++;
                }
            }
            return CheckRoom(device, newRows, textBytes, blocks);
        }

        private void ApplyEdgeChange(int device, TwinUpdate update, int c, long now)
        {
            int slot = FindProperty(device, update.Key(c));
            if (update.IsDelete(c))
            {
                if (IsDeleted(slot)) return; // already deleted: nothing changes
                int doomed = Open(slot, false);
                DeleteRow(doomed, slot, true);
                Close(doomed, slot);
                return;
            }
            bool isNew = slot < 0;
            if (isNew) slot = NewRow(device, update.Key(c));
            int entry = Open(slot, isNew);
            if (isNew || IsDeleted(slot))
            {
                // A new property, or a deleted one brought back, takes its type from the message.
                _types[slot] = (byte)(update.HasMetadata(c) ? TwinType.Parse(update.Type(c)) : TwinType.String);
                _result.Mark(entry, isNew ? TwinResult.Added : TwinResult.TypeChanged);
            }
            if (update.HasOptional(c))
            {
                if (isNew)
                {
                    if (!update.Optional(c)) _flags[slot] &= unchecked((byte)~OptionalFlag);
                }
                else if (!update.Optional(c) && Optional(slot))
                {
                    // optional only ever goes from true to false.
                    _flags[slot] &= unchecked((byte)~OptionalFlag);
                    _result.Mark(entry, TwinResult.OptionalChanged);
                }
            }
            if (update.HasExpected(c) && !ExpectedIs(slot, update.Expected(c)))
            {
                ReplaceValue(entry, ExpectedHandle(slot), true, true, update.Expected(c));
                SetPair(slot, true, ExpectedCloudVersion(slot), ExpectedEdgeVersion(slot) + 1);
                _numbers[slot * 6 + ExpectedTs] = now;
                _result.Mark(entry, TwinResult.ExpectedChanged);
            }
            if (update.HasActual(c) && !ActualIs(slot, update.Actual(c)))
            {
                ReplaceValue(entry, ActualHandle(slot), false, true, update.Actual(c));
                SetPair(slot, false, ActualCloudVersion(slot), ActualEdgeVersion(slot) + 1);
                _numbers[slot * 6 + ActualTs] = now;
                _result.Mark(entry, TwinResult.ActualChanged);
            }
            Close(entry, slot);
        }

        /// <summary>
        /// Deletes a row the KubeEdge way: it stays (type "deleted") so its versions survive,
        /// its values are cleared, and, for an edge delete, each version pair it has gets its
        /// edge counter bumped. (edgecore leaves a row with neither pair undeleted; EdgeNano
        /// deletes it all the same.)
        /// </summary>
        private void DeleteRow(int entry, int slot, bool bumpEdge)
        {
            if (HasExpected(slot)) _result.Mark(entry, TwinResult.ExpectedChanged);
            if (bumpEdge && HasExpectedVersion(slot)) SetPair(slot, true, ExpectedCloudVersion(slot), ExpectedEdgeVersion(slot) + 1);
            if (bumpEdge && HasActualVersion(slot)) SetPair(slot, false, ActualCloudVersion(slot), ActualEdgeVersion(slot) + 1);
            ReplaceValue(entry, ExpectedHandle(slot), true, false, new TwinText());
            ReplaceValue(entry, ActualHandle(slot), false, false, new TwinText());
            _numbers[slot * 6 + ExpectedTs] = 0;
            _numbers[slot * 6 + ActualTs] = 0;
            _types[slot] = TwinType.Deleted;
            _result.Mark(entry, TwinResult.Deleted);
        }
    }
}
