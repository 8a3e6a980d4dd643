using EdgeNano.Runtime;

namespace EdgeNano.DeviceTests.Runtime
{
    /// <summary>A module that counts what it handles and keeps the last content as text.</summary>
    public sealed class CountingModule : Module
    {
        public int Handled;
        public string LastContent;

        public CountingModule(string name) : base(name, "test")
        {
        }

        public override void Handle(Message message)
        {
            Handled++;
            char[] text = new char[message.ContentLength];
            for (int i = 0; i < text.Length; i++) text[i] = (char)message.Content[i];
            LastContent = new string(text);
        }
    }
}
