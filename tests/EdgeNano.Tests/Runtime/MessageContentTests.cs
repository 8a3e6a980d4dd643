using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class MessageContentTests
{
    [Fact]
    public void SetContentAscii_copies_ASCII_and_refuses_other_text_leaving_the_content_as_it_was()
    {
        var message = new MessagePool(1, 16).Rent()!;
        Assert.True(message.SetContentAscii("{\"a\":1}"));
        Assert.Equal("{\"a\":1}", System.Text.Encoding.ASCII.GetString(message.Content, 0, message.ContentLength));
        Assert.False(message.SetContentAscii("café"));
        Assert.False(message.SetContentAscii("🌡"));
        Assert.False(message.SetContentAscii(new string('x', 17)));
        Assert.Equal("{\"a\":1}", System.Text.Encoding.ASCII.GetString(message.Content, 0, message.ContentLength));
    }
}
