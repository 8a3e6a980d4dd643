using System.Globalization;
using CsCheck;
using EdgeNano.DeviceTwin;

namespace EdgeNano.Tests.DeviceTwin;

/// <summary>
/// Every validation rule edgecore applies to a twin update (kubeedge-twin-protocol.md,
/// "Validation"), one row per case, so a reader can check each row against the rule.
/// </summary>
public class TwinValidationTests
{
    private static readonly string S128 = new('k', 128);
    private static readonly string S129 = new('k', 129);
    private static readonly string S512 = new('v', 512);
    private static readonly string S513 = new('v', 513);
    // 2^1024 - 2^970, written out: halfway between float64's largest value and 2^1024.
    private const string Halfway = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

    public static TheoryData<string, bool> Keys => new()
    {
        // ^[a-zA-Z0-9-_.,:/@#]{1,128}$
        { "temperature", true },
        { "Temp-01_a.b,c:d/e@f#g", true },
        { "0", true },
        { S128, true },
        { S129, false },        // longer than 128
        { "", false },          // at least one character
        { "has space", false },
        { "plus+", false },
        { "quote\"", false },
        { "brace{", false },
        { "star*", false },
        { "dollar$", false },
        { "percent%", false },
        { "tab\t", false },
        { "newline\n", false }, // Go's $ does not match before a trailing newline
        { "ümlaut", false },   // letters are ASCII only
        { "温度", false },
        { "temp🌡", false },     // beyond U+FFFF: a surrogate pair in a .NET string
        { "𝄞", false },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_key_is_accepted_exactly_when_it_matches_edgecores_key_pattern(string key, bool accepted)
    {
        Assert.Equal(accepted, TwinRules.IsValidKey(key));
        var twin = new TwinFixture();
        var result = twin.Edge(key, actual: "1");
        Assert.Equal(accepted ? TwinStatus.Ok : TwinStatus.BadRequest, result.Status);
        if (!accepted) Assert.Equal(TwinReasons.BadKey, result.Reason);
    }

    public static TheoryData<string, bool> Values => new()
    {
        // "" or ^[a-zA-Z0-9-_.,:/@#]{1,512}$
        { "", true },            // empty skips the pattern
        { "running", true },
        { "-12.5", true },
        { "a,b:c/d@e#f_g", true },
        { S512, true },
        { S513, false },
        { "two words", false },
        { "+5", false },         // '+' is outside the set
        { "{\"json\":1}", false },
        { "'quoted'", false },
        { "semi;colon", false },
        { "equals=", false },
        { "café", false },
        { "22.5🌡", false },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_is_accepted_exactly_when_empty_or_matching_edgecores_value_pattern(string value, bool accepted)
    {
        Assert.Equal(accepted, TwinRules.IsValidValue(value));
        var twin = new TwinFixture(new TwinConfig { ArenaBytes = 4096 });
        var result = twin.Edge("p", actual: value);
        Assert.Equal(accepted ? TwinStatus.Ok : TwinStatus.BadRequest, result.Status);
        if (!accepted) Assert.Equal(TwinReasons.BadValue, result.Reason);
    }

    public static TheoryData<string, string, string?> Typed => new()
    {
        // type, value, edgecore's reason when refused (null: accepted)
        // int / integer: strconv.ParseInt(v, 10, 64)
        { "int", "0", null },
        { "int", "-17", null },
        { "int", "007", null },
        { "int", "9223372036854775807", null },
        { "int", "-9223372036854775808", null },
        { "int", "9223372036854775808", TwinReasons.NotInt },   // out of int64
        { "int", "-9223372036854775809", TwinReasons.NotInt },
        { "int", "", TwinReasons.NotInt },
        { "int", "-", TwinReasons.NotInt },
        { "int", "1.0", TwinReasons.NotInt },
        { "int", "1e3", TwinReasons.NotInt },
        { "int", "1_000", TwinReasons.NotInt },                  // '_' only with base 0
        { "int", "0x1F", TwinReasons.NotInt },
        { "int", "--1", TwinReasons.NotInt },
        { "integer", "42", null },
        { "integer", "forty-two", TwinReasons.NotInt },
        // float: strconv.ParseFloat(v, 64)
        { "float", "1", null },
        { "float", "-0.5", null },
        { "float", ".5", null },
        { "float", "5.", null },
        { "float", "1e10", null },
        { "float", "1E-10", null },
        { "float", "1.5e-3", null },
        { "float", "1_000.5", null },  // digit separators between digits
        { "float", "1_23.50_0_0e1_2", null },
        { "float", "0x1p-2", null },   // hexadecimal float
        { "float", "0x1.8P3", null },
        { "float", "0x_1p0", null },   // '_' after the base prefix
        { "float", "inf", null },
        { "float", "-Infinity", null },
        { "float", "NaN", null },
        { "float", "1e-400", null },   // underflows to 0: no error in Go
        { "float", "1.7976931348623157e308", null },  // the largest float64
        { "float", "1.7976931348623158e308", null },  // still rounds down to it
        { "float", "1.797693134862315807937289714053034e308", null },  // just below halfway to 2^1024
        { "float", "1.797693134862315807937289714053035e308", TwinReasons.NotFloat }, // just above: rounds to infinity, a range error
        { "float", Halfway, TwinReasons.NotFloat },         // exactly halfway: ties to even, which is infinity
        { "float", Halfway[..^1] + "1", null },              // one below halfway
        { "float", "1e309", TwinReasons.NotFloat },
        { "float", "0x1p1024", TwinReasons.NotFloat },
        { "float", "0x1.fffffffffffffp1023", null },
        { "float", "0x1.fffffffffffff8p1023", TwinReasons.NotFloat },
        { "float", "", TwinReasons.NotFloat },
        { "float", ".", TwinReasons.NotFloat },
        { "float", "1e", TwinReasons.NotFloat },
        { "float", "1e-", TwinReasons.NotFloat },
        { "float", "1.2.3", TwinReasons.NotFloat },
        { "float", "_1", TwinReasons.NotFloat },
        { "float", "1__0", TwinReasons.NotFloat },
        { "float", "1_.5", TwinReasons.NotFloat },
        { "float", "1.5_", TwinReasons.NotFloat },
        { "float", "1e_5", TwinReasons.NotFloat },
        { "float", "0x1", TwinReasons.NotFloat },     // a hex float needs its p exponent
        { "float", "0xp1", TwinReasons.NotFloat },
        { "float", "infin", TwinReasons.NotFloat },
        { "float", "-nan", TwinReasons.NotFloat },    // nan takes no sign
        { "float", "1f", TwinReasons.NotFloat },
        { "float", "abc", TwinReasons.NotFloat },
        // boolean: exactly "true" or "false"
        { "boolean", "true", null },
        { "boolean", "false", null },
        { "boolean", "True", TwinReasons.NotBoolean },
        { "boolean", "1", TwinReasons.NotBoolean },
        { "boolean", "", TwinReasons.NotBoolean },
        // string and the empty type accept any valid value
        { "string", "anything-at-all", null },
        { "string", "", null },
        { "", "1.5", null },
        // double and bytes are device-model types edgecore has no value rule for
        { "double", "1.5", TwinReasons.TypeNotAllowed },
        { "bytes", "AAEC", TwinReasons.TypeNotAllowed },
    };

    [Theory]
    [MemberData(nameof(Typed))]
    public void A_value_must_parse_as_its_type_the_way_edgecore_parses_it(string type, string value, string? reason)
    {
        Assert.Equal(reason, TwinRules.CheckValueType(TwinType.Parse(type), value));
        var twin = new TwinFixture();
        var result = twin.Edge("p", actual: value, type: type);
        Assert.Equal(reason == null ? TwinStatus.Ok : TwinStatus.BadRequest, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void A_type_name_edgecore_does_not_know_is_refused()
    {
        var twin = new TwinFixture();
        var result = twin.Edge("p", actual: "1", type: "long");
        Assert.Equal(TwinStatus.BadRequest, result.Status);
        Assert.Equal(TwinReasons.TypeNotAllowed, result.Reason);
        Assert.Equal(-1, twin.Slot("p"));
    }

    [Fact]
    public void Int_validation_agrees_with_a_64_bit_integer_parse_on_random_digit_strings()
    {
        Gen.OneOf(Gen.Const(""), Gen.Const("-"), Gen.Const("+"))
            .SelectMany(sign => Gen.Char["0123456789"].Array[1, 21].Select(d => sign + new string(d)))
            .Sample(text => Assert.Equal(
                long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                GoNumberSyntax.IsInt64(text)), iter: 2000);
    }

    [Fact]
    public void Float_validation_refuses_exactly_the_decimals_that_round_to_infinity()
    {
        // .NET rounds decimal text to float64 correctly and yields infinity on overflow, where
        // Go reports a range error; the two must agree on every plain decimal, near the edge too.
        var mantissa = Gen.OneOf(
            Gen.Const("1797693134862315").SelectMany(p => Gen.Char["0123456789"].Array[0, 40].Select(d => p + new string(d))),
            Gen.Char["0123456789"].Array[1, 20].Select(d => new string(d)));
        var gen = from m in mantissa
                  from dot in Gen.Int[0, m.Length]
                  from exp in Gen.Int[-20, 330]
                  select m.Insert(dot, ".") + "e" + exp;
        gen.Sample(text => Assert.Equal(
            !double.IsInfinity(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
            GoNumberSyntax.IsFloat64(text)), iter: 3000);
    }
}
