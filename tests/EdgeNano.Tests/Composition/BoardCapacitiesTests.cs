using System.Text;
using EdgeNano.Board;
using EdgeNano.Composition;
using EdgeNano.Runtime;

namespace EdgeNano.Tests.Composition;

public class BoardCapacitiesTests
{
    private static BoardDescription Board(int pins)
    {
        var properties = string.Join(",", Enumerable.Range(0, pins).Select(i =>
            $$"""{ "key": "in{{i}}", "kind": "input", "pin": {{1 + i}}, "pull": "up" }"""));
        string json = $$"""{ "board": "test", "mcu": "simulator", "devices": [ { "id": "default/test", "properties": [ {{properties}} ] } ] }""";
        BoardDescription board = BoardParser.Parse("test/board.json", Encoding.UTF8.GetBytes(json));
        Assert.True(board.IsValid, board.ErrorText());
        return board;
    }

    [Fact]
    public void At_default_settings_the_twin_gets_a_row_per_property_and_two_spare_and_the_update_properties_when_updates_are_on()
    {
        var settings = new DeviceSettings();
        var twin = BoardCapacities.Twin(Board(3), settings, updates: false);
        // 5 rows of 64 bytes is less than the smallest arena made, 512 bytes.
        Assert.Equal((1, 3 + 2, 512), (twin.MaxDevices, twin.PropertiesPerDevice, twin.ArenaBytes));
        Assert.Equal(3 + 4 + 2, BoardCapacities.Twin(Board(3), settings, updates: true).PropertiesPerDevice);
        Assert.Equal(twin.PropertiesPerDevice, BoardCapacities.TwinModule(settings.TwinModule, twin).PropertiesPerMessage);
        Assert.Equal(twin.PropertiesPerDevice, BoardCapacities.EdgeHub(settings.EdgeHub, twin).OutboxCapacity);
    }

    [Fact]
    public void Settings_that_give_a_capacity_are_taken_as_they_are()
    {
        var settings = new DeviceSettings();
        settings.Twin.PropertiesPerDevice = 40;
        settings.Twin.ArenaBytes = 8192;
        var twin = BoardCapacities.Twin(Board(3), settings, updates: false);
        Assert.Equal((40, 8192), (twin.PropertiesPerDevice, twin.ArenaBytes));
        Assert.Equal(0, new DeviceSettings().Twin.PropertiesPerDevice); // the caller's settings are not changed
    }

    [Fact]
    public void Too_few_rows_for_the_board_are_refused_at_start_naming_the_setting_and_the_board_file()
    {
        var settings = new DeviceSettings();
        settings.Twin.PropertiesPerDevice = 2;
        var error = Assert.Throws<RuntimeConfigException>(() => BoardCapacities.Twin(Board(3), settings, updates: false));
        Assert.Contains("propertiesPerDevice (2)", error.Message);
        Assert.Contains("test/board.json", error.Message);
        Assert.Contains("3 twin properties", error.Message);
    }

    [Fact]
    public void A_device_composed_with_too_few_rows_is_refused_before_it_allocates_anything_else()
    {
        var settings = new DeviceSettings();
        settings.Twin.PropertiesPerDevice = 1;
        var bank = EdgeNano.Boards.Host.Gpio.HostPinBanks.Create(EdgeNano.Boards.Host.Gpio.HostPinBanks.Simulated, 16, out _);
        var error = Assert.Throws<RuntimeConfigException>(() =>
            new EdgeNanoDevice(Board(3), settings, bank, null!, new ManualClock(), new EdgeNano.Tests.Runtime.ListLog()));
        Assert.Contains("propertiesPerDevice", error.Message);
    }
}
