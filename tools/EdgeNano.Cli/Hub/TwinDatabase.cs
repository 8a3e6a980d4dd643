using Microsoft.Data.Sqlite;

namespace EdgeNano.Cli.Hub;

/// <summary>One saved device: its twin as a TwinStore snapshot, and its last reported state.</summary>
internal sealed record SavedDevice(string DeviceId, byte[] Snapshot, string? State, long LastOnlineMs);

/// <summary>
/// The hub's SQLite file: one row per device holding the device's TwinStore snapshot (the same
/// checked binary format a board keeps in flash), so a restarted hub has every twin it had.
/// Rows are written in batches (<see cref="Begin"/>): one transaction for every device a batch
/// of messages changed. WAL journal, synchronous=NORMAL: a committed batch survives the hub's
/// process dying (kill -9 included); a power cut or an OS crash can lose the last batches
/// committed before it.
/// </summary>
internal sealed class TwinDatabase : IDisposable
{
    private readonly SqliteConnection _connection;

    public TwinDatabase(string path)
    {
        // No pooling: the file is closed for real on Dispose (tests delete it, users copy it).
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS twins (
                device TEXT PRIMARY KEY,
                snapshot BLOB NOT NULL,
                state TEXT,
                last_online_ms INTEGER NOT NULL DEFAULT 0,
                updated_ms INTEGER NOT NULL)
            """);
    }

    public string Path => _connection.DataSource;

    /// <summary>Held around a batch by whoever writes: the hub's lanes share this one connection, which takes one transaction at a time.</summary>
    public object Gate { get; } = new();

    /// <summary>Opens (or creates) the file; a CliException with SQLite's reason when it cannot.</summary>
    public static TwinDatabase Open(string path)
    {
        try
        {
            return new TwinDatabase(path);
        }
        catch (SqliteException e)
        {
            throw new Common.CliException($"cannot open the twin database {System.IO.Path.GetFullPath(path)}: {e.Message}");
        }
    }

    public List<SavedDevice> LoadAll()
    {
        var devices = new List<SavedDevice>();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT device, snapshot, state, last_online_ms FROM twins ORDER BY device";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            devices.Add(new SavedDevice(reader.GetString(0), (byte[])reader.GetValue(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3)));
        }
        return devices;
    }

    /// <summary>Starts a batch of row writes: one transaction, committed by <see cref="Batch.Commit"/>, rolled back if disposed before.</summary>
    public Batch Begin() => new(_connection);

    /// <summary>One transaction of device rows, with the upsert prepared once.</summary>
    public sealed class Batch : IDisposable
    {
        private readonly SqliteTransaction _transaction;
        private readonly SqliteCommand _upsert;
        private readonly SqliteParameter _device, _snapshot, _state, _lastOnline, _updated;

        internal Batch(SqliteConnection connection)
        {
            _transaction = connection.BeginTransaction();
            _upsert = connection.CreateCommand();
            _upsert.Transaction = _transaction;
            _upsert.CommandText = """
                INSERT INTO twins (device, snapshot, state, last_online_ms, updated_ms) VALUES ($d, $s, $st, $lo, $u)
                ON CONFLICT(device) DO UPDATE SET snapshot = $s, state = $st, last_online_ms = $lo, updated_ms = $u
                """;
            _device = _upsert.Parameters.Add("$d", SqliteType.Text);
            _snapshot = _upsert.Parameters.Add("$s", SqliteType.Blob);
            _state = _upsert.Parameters.Add("$st", SqliteType.Text);
            _lastOnline = _upsert.Parameters.Add("$lo", SqliteType.Integer);
            _updated = _upsert.Parameters.Add("$u", SqliteType.Integer);
        }

        public void Save(string deviceId, ReadOnlySpan<byte> snapshot, string? state, long lastOnlineMs, long nowMs)
        {
            _device.Value = deviceId;
            _snapshot.Value = snapshot.ToArray();
            _state.Value = (object?)state ?? DBNull.Value;
            _lastOnline.Value = lastOnlineMs;
            _updated.Value = nowMs;
            _upsert.ExecuteNonQuery();
        }

        public void Commit() => _transaction.Commit();

        public void Dispose()
        {
            _upsert.Dispose();
            _transaction.Dispose();
        }
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
