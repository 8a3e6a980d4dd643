using CsCheck;
using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>
/// Random sequences of edge updates against a plain model of what the twin must hold, on a
/// store small enough that full rows, full storage and compaction all happen along the way.
/// </summary>
public class TwinModelTests
{
    private sealed record Change(string Key, bool Delete, string? Expected, string? Actual);

    private sealed class Shadow
    {
        public bool Deleted;
        public string? Expected;
        public string? Actual;
    }

    private static readonly Gen<string> Value =
        Gen.Frequency((8, Gen.Char["xy1"].Array[0, 60].Select(c => new string(c))), (1, Gen.Const("bad value")));

    private static readonly Gen<Change> AChange =
        from key in Gen.Int[0, 4].Select(i => "abcde"[i].ToString())
        from delete in Gen.Int[0, 6].Select(i => i == 0)
        from expected in Gen.Frequency((1, Value.Select(v => (string?)v)), (1, Gen.Const((string?)null)))
        from actual in Gen.Frequency((1, Value.Select(v => (string?)v)), (1, Gen.Const((string?)null)))
        select new Change(key, delete, delete ? null : expected, delete ? null : actual);

    private static readonly Gen<Change[][]> Sequences =
        AChange.Array[1, 3].Select(changes => changes.DistinctBy(c => c.Key).ToArray()).Array[1, 60];

    [Fact]
    public void Every_edge_update_is_applied_whole_or_not_at_all_its_result_shows_the_true_last_values_and_a_snapshot_keeps_it_all()
    {
        int storageFull = 0, tableFull = 0, compactions = 0, badRequests = 0;
        Sequences.Sample(sequence =>
        {
            var twin = new TwinFixture(new TwinConfig { PropertiesPerDevice = 4, ArenaBytes = 200 });
            var model = new Dictionary<string, Shadow>();
            foreach (var changes in sequence)
            {
                var update = new TwinUpdate(4);
                foreach (var c in changes) TwinFixture.Put(update, c.Key, c.Expected, c.Actual, delete: c.Delete);
                var before = model.ToDictionary(kv => kv.Key, kv => new Shadow { Deleted = kv.Value.Deleted, Expected = kv.Value.Expected, Actual = kv.Value.Actual });

                var result = twin.Store.ApplyEdgeUpdate(twin.Device, update);

                if (result.Status == TwinStatus.Ok)
                {
                    int changed = 0;
                    foreach (var c in changes)
                    {
                        bool had = model.TryGetValue(c.Key, out var row);
                        row ??= model[c.Key] = new Shadow { Deleted = true };
                        bool wasLive = had && !row.Deleted;
                        if (c.Delete)
                        {
                            Assert.True(had); // deleting an unknown key must have been refused
                            if (!row.Deleted) changed++;
                            row.Deleted = true;
                            row.Expected = row.Actual = null;
                            continue;
                        }
                        bool differs = !wasLive
                            || (c.Expected != null && c.Expected != row.Expected)
                            || (c.Actual != null && c.Actual != row.Actual);
                        if (differs) changed++;
                        row.Deleted = false;
                        if (c.Expected != null) row.Expected = c.Expected;
                        if (c.Actual != null) row.Actual = c.Actual;
                    }
                    Assert.Equal(changed, result.Count);
                    for (int i = 0; i < result.Count; i++)
                    {
                        string key = twin.Key(result.Slot(i));
                        before.TryGetValue(key, out var last);
                        bool lastLive = last != null && !last.Deleted;
                        Assert.Equal(lastLive, result.LastPresent(i));
                        if (!lastLive) continue;
                        Assert.Equal(last!.Expected, result.LastHasExpected(i)
                            ? TwinFixture.Ascii(result.ArenaBytes, result.LastExpectedOffset(i), result.LastExpectedLength(i)) : null);
                        Assert.Equal(last.Actual, result.LastHasActual(i)
                            ? TwinFixture.Ascii(result.ArenaBytes, result.LastActualOffset(i), result.LastActualLength(i)) : null);
                    }
                }
                else
                {
                    Assert.Contains(result.Status, new[] { TwinStatus.BadRequest, TwinStatus.InternalError });
                }

                foreach (var (key, row) in model)
                {
                    int slot = twin.Slot(key);
                    Assert.True(slot >= 0, key);
                    Assert.Equal(row.Deleted, twin.Store.IsDeleted(slot));
                    Assert.Equal(row.Expected, twin.Expected(key));
                    Assert.Equal(row.Actual, twin.Actual(key));
                }
                Assert.Equal(model.Count, twin.Store.PropertyCount(twin.Device));
                if (result.Status == TwinStatus.BadRequest) Interlocked.Increment(ref badRequests);
            }
            // Whatever the sequence left, a snapshot carries it over whole.
            var bytes = TwinSnapshotTests.Snapshot(twin.Store);
            var restored = new TwinFixture(new TwinConfig { PropertiesPerDevice = 4, ArenaBytes = 200 });
            Assert.Equal(SnapshotStatus.Loaded, restored.Store.LoadSnapshot(bytes, bytes.Length));
            Assert.Equal(TwinSnapshotTests.Rows(twin), TwinSnapshotTests.Rows(restored));
            Interlocked.Add(ref storageFull, twin.Store.StorageFullCount);
            Interlocked.Add(ref tableFull, twin.Store.TableFullCount);
            Interlocked.Add(ref compactions, twin.Store.Arena.Compactions);
        }, iter: 300);
        // The sequences reached every hard case.
        Assert.True(storageFull > 0 && tableFull > 0 && compactions > 0 && badRequests > 0,
            $"storage full {storageFull}, table full {tableFull}, compactions {compactions}, bad requests {badRequests}");
    }
}
