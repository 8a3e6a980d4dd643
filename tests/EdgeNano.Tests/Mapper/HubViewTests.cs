using System.Text;
using EdgeNano.Cli.Sim;

namespace EdgeNano.Tests.Mapper;

/// <summary>
/// What the mapper (and the sim) believe the twin owner holds. A get result is the whole twin: a
/// Device deleted and made again must not keep the old desired value in that belief, or the
/// mapper would never send it again (seen against edgecore v1.23.1).
/// </summary>
public sealed class HubViewTests
{
    private const string Device = "default/demo";

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void A_document_adds_to_the_twin_and_a_get_result_replaces_it()
    {
        var view = new HubView();
        view.Take(Device, false, Json("""{"twin":{"led":{"expected":{"value":"true"},"actual":{"value":"true"}},"button":{"actual":{"value":"false"}}}}"""));
        view.Take(Device, true, Json("""{"twin":{"button":{"current":{"actual":{"value":"true"}}}}}"""));
        Assert.Equal(("true", "true", "true"), (view.Expected(Device, "led"), view.Actual(Device, "led"), view.Actual(Device, "button")));

        // The owner's twin after the Device was deleted and made again: no led values any more.
        view.Take(Device, false, Json("""{"twin":{"button":{"actual":{"value":"false"}}}}"""));
        Assert.Equal((null, null, "false"), (view.Expected(Device, "led"), view.Actual(Device, "led"), view.Actual(Device, "button")));
    }

    [Fact]
    public void An_error_result_or_a_removed_device_forgets_what_was_seen()
    {
        var view = new HubView();
        view.Take(Device, false, Json("""{"twin":{"led":{"expected":{"value":"true"}}}}"""));
        view.Take(Device, false, Json("""{"event_id":"g-1","code":404,"reason":"Device default/demo not found while getting twin"}"""));
        Assert.Null(view.Expected(Device, "led"));

        view.Take(Device, false, Json("""{"twin":{"led":{"expected":{"value":"true"}}}}"""));
        view.Forget(Device);
        Assert.Null(view.Expected(Device, "led"));
        Assert.Empty(view.ActualKeys(Device));
    }
}
