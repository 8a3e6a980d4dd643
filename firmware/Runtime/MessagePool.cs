using System.Threading;

namespace EdgeNano.Runtime
{
    /// <summary>
    /// All the messages a runtime will ever use, allocated once at start-up. Taking from an
    /// empty pool returns null and is counted: the caller reports it, nothing blocks.
    /// A message may sit in several rings at once (group send); it goes back to the pool
    /// when the last holder releases it.
    /// </summary>
    public sealed class MessagePool
    {
        private readonly Message[] _free;
        private int _freeCount;
        private readonly object _gate = new object();
        private int _exhausted;

        public MessagePool(int size, int contentCapacity)
        {
            if (size < 1) throw new System.ArgumentOutOfRangeException("size");
            if (contentCapacity < 0) throw new System.ArgumentOutOfRangeException("contentCapacity");
            _free = new Message[size];
            for (int i = 0; i < size; i++) _free[i] = new Message(this, contentCapacity);
            _freeCount = size;
        }

        public int Size
        {
            get { return _free.Length; }
        }

        public int Available
        {
            get { lock (_gate) return _freeCount; }
        }

        /// <summary>How many times Rent found the pool empty.</summary>
        public int ExhaustedCount
        {
            get { return _exhausted; }
        }

        /// <summary>A cleared message owned by the caller, or null when every message is in use.</summary>
        public Message Rent()
        {
            Message message = null;
            lock (_gate)
            {
                if (_freeCount > 0)
                {
                    _freeCount--;
                    message = _free[_freeCount];
                    _free[_freeCount] = null;
                }
            }
            if (message == null)
            {
                Interlocked.Increment(ref _exhausted);
                return null;
            }
            message.References = 1;
            return message;
        }

        /// <summary>Gives up one hold on the message; the last hold returns it to the pool.</summary>
        public static void Release(Message message)
        {
            if (message == null) return;
            if (Interlocked.Decrement(ref message.References) != 0) return;
            message.Clear();
            message.Owner.Return(message);
        }

        internal static void AddReference(Message message)
        {
            Interlocked.Increment(ref message.References);
        }

        private void Return(Message message)
        {
            lock (_gate)
            {
                if (_freeCount == _free.Length)
                    throw new System.InvalidOperationException("message released twice");
                _free[_freeCount] = message;
                _freeCount++;
            }
        }
    }
}
