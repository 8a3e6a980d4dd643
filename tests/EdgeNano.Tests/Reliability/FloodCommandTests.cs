using EdgeNano.Cli.Flood;
using EdgeNano.Cli.Twin;
using EdgeNano.Tests.Cli;

namespace EdgeNano.Tests.Reliability;

/// <summary>`edgenano flood` options and the mix it draws from, without a broker.</summary>
public class FloodCommandTests
{
    [Theory]
    [InlineData("valid=10,bogus=5", "bogus=5")]
    [InlineData("valid=-1", "valid=-1")]
    [InlineData("valid=0,other=0", "every weight is 0")]
    public void A_mix_that_is_not_kind_weight_pairs_is_refused_with_one_line_and_exit_code_1(string mix, string named)
    {
        CliRunResult result = HubRig.Run("flood", "--device", "demo", "--mix", mix, "--broker", "mqtt://127.0.0.1:1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(named, Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void The_same_seed_draws_the_same_flood_and_a_kind_of_weight_0_is_never_sent()
    {
        FloodMix mix = FloodMix.Parse("valid=1,invalid=3,malformed=0,oversize=2,other=4");
        var topics = DeviceTopics.From("demo", false);

        string[] Draw(int seed)
        {
            var messages = new FloodMessages(topics, [FloodProperty.Parse("led:boolean"), FloodProperty.Parse("level:int")], 1500, seed);
            var random = new Random(seed);
            return Enumerable.Range(0, 2000).Select(_ =>
            {
                FloodKind kind = mix.Pick(random);
                FloodMessage message = messages.Next(kind, random);
                return kind + " " + message.Topic + " " + message.Payload.Length;
            }).ToArray();
        }

        string[] first = Draw(7);
        Assert.Equal(first, Draw(7));
        Assert.DoesNotContain(first, m => m.StartsWith(nameof(FloodKind.Malformed)));
        Assert.All(first.Where(m => m.StartsWith(nameof(FloodKind.Oversize))), m => Assert.True(int.Parse(m.Split(' ')[2]) >= 1500, m));
        Assert.All(first.Where(m => m.StartsWith(nameof(FloodKind.Other))), m => Assert.DoesNotContain("/default/demo/twin/", m));
        Assert.All(first.Where(m => m.StartsWith(nameof(FloodKind.Valid))), m => Assert.Contains(topics.TwinUpdate + " ", m));
        // Weights are proportions: other (4 of 10) is drawn about four times as often as valid (1 of 10).
        double ratio = first.Count(m => m.StartsWith(nameof(FloodKind.Other))) / (double)first.Count(m => m.StartsWith(nameof(FloodKind.Valid)));
        Assert.InRange(ratio, 3.0, 5.3);
    }
}
