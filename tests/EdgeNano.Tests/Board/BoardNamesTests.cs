using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using EdgeNano.Board;

namespace EdgeNano.Tests.Board;

/// <summary>
/// Device ids and the board id become Kubernetes names and label values in `edgenano kube export`:
/// the validator accepts exactly what the API server does (the rules of k8s.io/apimachinery's
/// validation: IsDNS1123Label, IsDNS1123Subdomain, IsValidLabelValue).
/// </summary>
public partial class BoardNamesTests
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    private static bool KubernetesTakesNamespace(string ns) => ns.Length <= 63 && Dns1123Label().IsMatch(ns);

    // The name is the Device's; "<name>-model" is the DeviceModel's name and the Device's "model" label value.
    private static bool KubernetesTakesName(string name) =>
        name.Length <= 253 && Dns1123Subdomain().IsMatch(name) && (name + "-model").Length <= 63 && LabelValue().IsMatch(name + "-model");

    private static bool KubernetesTakesBoardId(string board) => board.Length is > 0 and <= 63 && LabelValue().IsMatch(board);

    private static BoardDescription Parse(string boardId, string deviceId) => BoardParser.Parse("board.json", Encoding.UTF8.GetBytes(
        JsonSerializer.Serialize(new { board = boardId, mcu = "simulator", devices = new[] { new { id = deviceId, properties = new[] { new { key = "p", kind = "input", pin = 1 } } } } })));

    [Theory]
    [InlineData("default/My_Dev", "field id: 'default/My_Dev' is not \"namespace/name\" as Kubernetes names them: the name 'My_Dev' must be")]
    [InlineData("Prod/dev1", "field id: 'Prod/dev1' is not \"namespace/name\" as Kubernetes names them: the namespace 'Prod' must be")]
    [InlineData("default/dev@2", "the name 'dev@2' must be")]
    [InlineData("default/a..b", "the name 'a..b' must be")]
    [InlineData("default/a.-b", "the name 'a.-b' must be")]
    [InlineData("default/-a", "the name '-a' must be")]
    [InlineData("default/a.", "the name 'a.' must be")]
    [InlineData("a-/b", "the namespace 'a-' must be")]
    [InlineData("a.b/c", "the namespace 'a.b' must be")]
    [InlineData("default/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "the name has 58 characters; at most 57 fit")]
    [InlineData("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn/d", "the namespace 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn' must be")]
    [InlineData("default/a\nb", "device default/a\\nb, field id: 'default/a\\nb' is not")]
    public void A_device_id_Kubernetes_cannot_name_is_refused_naming_the_field_and_the_id(string id, string fragment)
    {
        BoardDescription board = Parse("b", id);

        Assert.False(board.IsValid);
        Assert.Equal(1, board.ErrorCount);
        Assert.StartsWith("board.json: device ", board.ErrorAt(0));
        Assert.Contains(fragment, board.ErrorAt(0));
        Assert.DoesNotContain('\n', board.ErrorAt(0));
    }

    [Theory]
    [InlineData("default/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn/d")]
    [InlineData("no/on")]
    [InlineData("kube-system/a.b-c.0")]
    [InlineData("0/1")]
    public void A_device_id_Kubernetes_can_name_is_accepted(string id)
    {
        BoardDescription board = Parse("b", id);

        Assert.True(board.IsValid, board.ErrorText());
    }

    [Theory]
    [InlineData("my board", "'my board'")]
    [InlineData("x\n---", "'x\\n---'")]
    [InlineData("-b", "'-b'")]
    [InlineData("b_", "'b_'")]
    [InlineData("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'")]
    public void A_board_id_that_is_not_a_label_value_is_refused_naming_the_field_and_the_value(string boardId, string shown)
    {
        BoardDescription board = Parse(boardId, "default/d");

        Assert.False(board.IsValid);
        Assert.Equal(1, board.ErrorCount);
        Assert.StartsWith("board.json: field board: " + shown + " is not a Kubernetes label value", board.ErrorAt(0));
        Assert.DoesNotContain('\n', board.ErrorAt(0));
    }

    [Theory]
    [InlineData("My_Board-1.0")]
    [InlineData("1_000")]
    [InlineData("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]
    public void A_board_id_that_is_a_label_value_is_accepted(string boardId)
    {
        BoardDescription board = Parse(boardId, "default/d");

        Assert.True(board.IsValid, board.ErrorText());
    }

    // Short parts over a few characters hit every rule's edge; long ones, the length limits.
    private static readonly Gen<string> Part = Gen.OneOf(
        Gen.Char["ab09-.A_@ "].Array[0, 6],
        Gen.Char["a0-"].Array[50, 70],
        Gen.Char["a0-."].Array[50, 70],
        Gen.Char["a"].Array[50, 70]).Select(chars => new string(chars));

    [Fact]
    public void The_validator_accepts_a_device_id_exactly_when_Kubernetes_takes_its_namespace_name_and_model_label()
    {
        Gen.Select(Part, Part).Sample((ns, name) =>
        {
            string id = ns + "/" + name;
            Assert.True((KubernetesTakesNamespace(ns) && KubernetesTakesName(name)) == Parse("b", id).IsValid, id);
        }, iter: 20_000);
    }

    [Fact]
    public void The_validator_accepts_a_board_id_exactly_when_it_is_a_Kubernetes_label_value()
    {
        Part.Sample(board => Assert.True(KubernetesTakesBoardId(board) == Parse(board, "default/d").IsValid, board), iter: 20_000);
    }
}
