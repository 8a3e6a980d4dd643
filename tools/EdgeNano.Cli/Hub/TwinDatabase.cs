using Microsoft.Data.Sqlite;

namespace EdgeNano.Cli.Hub;

/// <summary>One saved device: its twin as a TwinStore snapshot, and its last reported state.</summary>
internal sealed record SavedDevice(string DeviceId, byte[] Snapshot, string? State, long LastOnlineMs);

/// <summary>
/// The hub's SQLite file: one row per device holding the device's TwinStore snapshot (the same
/// checked binary format a board keeps in flash), written after every change, so a restarted
/// hub has every twin it had. WAL journal: a crash loses at most the change being written.
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

    public void Save(string deviceId, ReadOnlySpan<byte> snapshot, string? state, long lastOnlineMs, long nowMs)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO twins (device, snapshot, state, last_online_ms, updated_ms) VALUES ($d, $s, $st, $lo, $u)
            ON CONFLICT(device) DO UPDATE SET snapshot = $s, state = $st, last_online_ms = $lo, updated_ms = $u
            """;
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$s", snapshot.ToArray());
        command.Parameters.AddWithValue("$st", (object?)state ?? DBNull.Value);
        command.Parameters.AddWithValue("$lo", lastOnlineMs);
        command.Parameters.AddWithValue("$u", nowMs);
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
