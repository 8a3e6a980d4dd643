using EdgeNano.EventBus;
using EdgeNano.DeviceTwin.Json;
using EdgeNano.Updates;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Composition
{
    /// <summary>
    /// Reads settings.json into DeviceSettings. Unknown keys are reported as warnings (a typo
    /// should not go unnoticed), values of the wrong JSON type as errors; missing keys keep their
    /// defaults. Runs once at boot, so it may allocate.
    /// </summary>
    public sealed class SettingsParser
    {
        private readonly JsonReader _reader = new JsonReader(4, 4096);
        private string _problems = "";
        private bool _failed;

        /// <summary>Errors and warnings, one per line; empty when the file was clean.</summary>
        public string Problems { get { return _problems; } }

        /// <summary>Fills settings from json; false when the file cannot be used (Problems says why).</summary>
        public bool Parse(string fileName, byte[] json, int length, DeviceSettings settings)
        {
            _problems = "";
            _failed = false;
            JsonReader r = _reader;
            r.Reset(json, 0, length);
            if (!r.Read() || r.TokenType != JsonToken.StartObject) return Fail(fileName, "not a JSON object");
            while (r.Read() && r.TokenType == JsonToken.PropertyName)
            {
                string key = r.GetString();
                if (!r.Read()) break;
                if (!Apply(fileName, key, settings)) r.Skip();
            }
            if (r.Error != null) return Fail(fileName, r.Error + " at byte " + r.ErrorPosition.ToString());
            if (settings.Network == DeviceSettings.NetworkEthernet && settings.WifiSsid.Length > 0)
                _problems += fileName + ": warning: wifiSsid is ignored: network is ethernet\n";
            return !_failed;
        }

        private bool Apply(string file, string key, DeviceSettings s)
        {
            switch (key)
            {
                case "network": s.Network = NetworkKind(file, key, s.Network); return true;
                case "wifiSsid": s.WifiSsid = Text(file, key, s.WifiSsid); return true;
                case "wifiPassword": s.WifiPassword = Text(file, key, s.WifiPassword); return true;
                case "brokerHost": s.BrokerHost = Text(file, key, s.BrokerHost); return true;
                case "brokerPort": s.BrokerPort = Number(file, key, s.BrokerPort, 1, 65535); return true;
                case "brokerTls": s.BrokerTls = Flag(file, key, s.BrokerTls); return true;
                case "brokerUsername": s.BrokerUsername = Text(file, key, s.BrokerUsername); return true;
                case "brokerPassword": s.BrokerPassword = Text(file, key, s.BrokerPassword); return true;
                case "clientId": s.ClientId = Text(file, key, s.ClientId); return true;
                case "nodeName": s.NodeName = TopicLevel(file, key, s.NodeName); return true;
                case "singleSegmentIds": s.SingleSegmentIds = Flag(file, key, s.SingleSegmentIds); return true;
                case "keepAliveSeconds": s.KeepAliveSeconds = Number(file, key, s.KeepAliveSeconds, 5, 3600); return true;
                case "reconnectBaseMs": s.EdgeHub.BackoffBaseMs = Number(file, key, s.EdgeHub.BackoffBaseMs, 10, 3600000); return true;
                case "reconnectCapMs": s.EdgeHub.BackoffCapMs = Number(file, key, s.EdgeHub.BackoffCapMs, 10, 3600000); return true;
                case "twinGetRetryMs": s.EdgeHub.TwinGetRetryMs = Number(file, key, s.EdgeHub.TwinGetRetryMs, 100, 3600000); return true;
                case "twinGetRetryCapMs": s.EdgeHub.TwinGetRetryCapMs = Number(file, key, s.EdgeHub.TwinGetRetryCapMs, 100, 3600000); return true;
                case "ratePerSecond": s.EdgeHub.RatePerSecond = Number(file, key, s.EdgeHub.RatePerSecond, 1, 100000); return true;
                case "rateBurst": s.EdgeHub.Burst = Number(file, key, s.EdgeHub.Burst, 1, 100000); return true;
                case "ringCapacity": s.Runtime.RingCapacity = Number(file, key, s.Runtime.RingCapacity, 1, 1024); return true;
                case "payloadArrays": s.Runtime.PayloadArrays = Number(file, key, s.Runtime.PayloadArrays, 1, 256); return true;
                case "messagePoolSize": s.Runtime.MessagePoolSize = Number(file, key, s.Runtime.MessagePoolSize, 4, 4096); return true;
                case "maxPayload":
                    s.SetMaxPayload(Number(file, key, s.TwinModule.MaxPayload, 256, 65536));
                    return true;
                case "twinArenaBytes": s.Twin.ArenaBytes = Number(file, key, s.Twin.ArenaBytes, 512, 1048576); return true;
                case "propertiesPerDevice": s.Twin.PropertiesPerDevice = Number(file, key, s.Twin.PropertiesPerDevice, 1, 256); return true;
                case "logLinesPerSecond": s.LogLinesPerSecond = Number(file, key, s.LogLinesPerSecond, 0, 100000); return true;
                case "persistIntervalMs": s.TwinModule.PersistIntervalMs = Number(file, key, s.TwinModule.PersistIntervalMs, 0, 86400000); return true;
                case "otaKeys": s.Ota.Keys = Keys(file, key, s.Ota.Keys); return true;
                case "otaBlockSize": s.Ota.BlockSize = Number(file, key, s.Ota.BlockSize, 256, 65536); return true;
                case "otaRequestTimeoutMs": s.Ota.RequestTimeoutMs = Number(file, key, s.Ota.RequestTimeoutMs, 10, 600000); return true;
                case "otaMaxRetries": s.Ota.MaxRetries = Number(file, key, s.Ota.MaxRetries, 0, 20); return true;
                case "otaHealthTimeoutMs": s.Ota.HealthTimeoutMs = Number(file, key, s.Ota.HealthTimeoutMs, 1000, 3600000); return true;
                default:
                    _problems += file + ": warning: unknown setting '" + key + "' ignored\n";
                    return false;
            }
        }

        private string Text(string file, string key, string current)
        {
            if (_reader.TokenType == JsonToken.String) return _reader.GetString();
            return (string)Wrong(file, key, "a string", current);
        }

        // The node name is one level of the membership topics ($hw/events/node/{name}/...), and
        // the topic builder throws at start-up for one it cannot use: refuse it here instead, by
        // the builder's own rule, as a settings error that names the key.
        private string TopicLevel(string file, string key, string current)
        {
            if (_reader.TokenType != JsonToken.String) return Text(file, key, current);
            string text = _reader.GetString();
            if (KubeEdgeTopics.IsIdSegment(text)) return text;
            _failed = true;
            _problems += file + ": error: " + key + " must be one MQTT topic level: not empty, without '/', '+', '#', NUL or characters beyond U+FFFF\n";
            return current;
        }

        private string NetworkKind(string file, string key, string current)
        {
            if (_reader.TokenType != JsonToken.String) return Text(file, key, current);
            string text = _reader.GetString();
            if (text == DeviceSettings.NetworkWifi || text == DeviceSettings.NetworkEthernet) return text;
            _failed = true;
            _problems += file + ": error: " + key + " must be \"wifi\" or \"ethernet\"\n";
            return current;
        }

        private int Number(string file, string key, int current, int min, int max)
        {
            long value;
            if (_reader.TokenType != JsonToken.Number || !_reader.TryGetInt64(out value)) return (int)Wrong(file, key, "a whole number", current);
            if (value < min || value > max)
            {
                _failed = true;
                _problems += file + ": error: " + key + " must be between " + min.ToString() + " and " + max.ToString() + "\n";
                return current;
            }
            return (int)value;
        }

        /// <summary>otaKeys: an array of 1–2 public keys, each 130 hex digits (65 bytes, 0x04 ‖ X ‖ Y).</summary>
        private byte[][] Keys(string file, string key, byte[][] current)
        {
            if (_reader.TokenType != JsonToken.StartArray) return (byte[][])Wrong(file, key, "an array of hex public keys", current);
            byte[][] keys = new byte[OtaOptions.MaxKeys][];
            int count = 0;
            while (_reader.Read() && _reader.TokenType != JsonToken.EndArray)
            {
                byte[] bytes = new byte[OtaOptions.KeyLength];
                if (_reader.TokenType != JsonToken.String || count == OtaOptions.MaxKeys
                    || !DecodeHex(_reader.ValueBuffer, _reader.ValueOffset, _reader.ValueLength, bytes)
                    || !new EcdsaP256Verifier().IsValidPublicKey(bytes, 0, bytes.Length))
                {
                    _failed = true;
                    _problems += file + ": error: " + key + " must hold 1 to " + OtaOptions.MaxKeys.ToString() +
                        " uncompressed P-256 public keys (130 hex digits starting 04, a point on the curve)\n";
                    if (_reader.TokenType == JsonToken.StartObject || _reader.TokenType == JsonToken.StartArray) _reader.Skip();
                    continue;
                }
                keys[count++] = bytes;
            }
            if (count == 0)
            {
                _failed = true;
                _problems += file + ": error: " + key + " is empty (leave it out to run without updates)\n";
                return current;
            }
            byte[][] exact = new byte[count][];
            System.Array.Copy(keys, exact, count);
            return exact;
        }

        private static bool DecodeHex(byte[] text, int offset, int length, byte[] output)
        {
            if (length != output.Length * 2) return false;
            for (int i = 0; i < length; i++)
            {
                int c = text[offset + i];
                int value = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (value < 0) return false;
                if ((i & 1) == 0) output[i / 2] = (byte)(value << 4);
                else output[i / 2] |= (byte)value;
            }
            return true;
        }

        private bool Flag(string file, string key, bool current)
        {
            if (_reader.TokenType == JsonToken.True) return true;
            if (_reader.TokenType == JsonToken.False) return false;
            return (bool)Wrong(file, key, "true or false", current);
        }

        private object Wrong(string file, string key, string expected, object current)
        {
            _failed = true;
            _problems += file + ": error: " + key + " must be " + expected + "\n";
            if (_reader.TokenType == JsonToken.StartObject || _reader.TokenType == JsonToken.StartArray) _reader.Skip();
            return current;
        }

        private bool Fail(string file, string why)
        {
            _problems += file + ": error: " + why + "\n";
            return false;
        }
    }
}
