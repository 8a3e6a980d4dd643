namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// Which strings Go's strconv accepts as numbers, as edgecore calls it: ParseInt(v, 10, 64)
    /// and ParseFloat(v, 64). Only acceptance is decided (the twin stores values as text), but
    /// exactly: signs, digit separators '_' (ParseFloat only), hexadecimal floats, inf/infinity/nan,
    /// and the range errors (an int outside int64, a float that rounds past the largest float64).
    /// </summary>
    public static class GoNumberSyntax
    {
        // 2^1024 - 2^970: the exact halfway point between float64's largest value and 2^1024.
        // A decimal at or above it rounds (ties to even) to infinity, which ParseFloat refuses.
        // The constants are bytes, made once, because they are read digit by digit (see TwinText).
        private static readonly byte[] OverflowDigits = Json.Utf8.Bytes(
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792");
        private static readonly byte[] Int64MaxDigits = Json.Utf8.Bytes("9223372036854775807");
        private static readonly byte[] Int64MinDigits = Json.Utf8.Bytes("9223372036854775808");
        private static readonly byte[] Nan = Json.Utf8.Bytes("nan");
        private static readonly byte[] Inf = Json.Utf8.Bytes("inf");
        private static readonly byte[] Infinity = Json.Utf8.Bytes("infinity");

        /// <summary>strconv.ParseInt(text, 10, 64) succeeds: [+-]?[0-9]+ within int64, no '_' (base 10 is given).</summary>
        public static bool IsInt64(TwinText text)
        {
            int i = 0;
            bool negative = false;
            if (text.Length > 0 && (text.CharAt(0) == '+' || text.CharAt(0) == '-'))
            {
                negative = text.CharAt(0) == '-';
                i = 1;
            }
            if (i >= text.Length) return false;
            for (int k = i; k < text.Length; k++)
            {
                int c = text.CharAt(k);
                if (c < '0' || c > '9') return false;
            }
            while (i < text.Length - 1 && text.CharAt(i) == '0') i++;
            return FitsDigits(text, i, negative ? Int64MinDigits : Int64MaxDigits);
        }

        /// <summary>strconv.ParseFloat(text, 64) succeeds (no syntax error, no range error).</summary>
        public static bool IsFloat64(TwinText text)
        {
            if (text.Length == 0) return false;
            if (IsSpecial(text)) return true;
            int i = 0;
            if (text.CharAt(0) == '+' || text.CharAt(0) == '-') i = 1;
            if (i + 2 < text.Length && text.CharAt(i) == '0' && Lower(text.CharAt(i + 1)) == 'x')
                return IsHexFloat(text, i + 2);
            return IsDecimalFloat(text, i);
        }

        // "inf", "infinity" (either with a sign) and "nan" (without), any case.
        private static bool IsSpecial(TwinText text)
        {
            int i = 0;
            int c = text.CharAt(0);
            if (c == '+' || c == '-') i = 1;
            else if (Lower(c) == 'n') return EqualsIgnoreCase(text, 0, Nan);
            return EqualsIgnoreCase(text, i, Inf) || EqualsIgnoreCase(text, i, Infinity);
        }

        private static bool IsDecimalFloat(TwinText text, int start)
        {
            int i = start;
            bool sawDot = false, sawDigits = false, underscores = false;
            int firstSignificant = -1;     // index of the first non-zero mantissa digit
            int significantIntegers = 0;   // digits before the dot, from the first non-zero one
            int zerosAfterDot = 0;         // zeros between the dot and the first non-zero digit
            for (; i < text.Length; i++)
            {
                int c = text.CharAt(i);
                if (c == '_') { underscores = true; continue; }
                if (c == '.')
                {
                    if (sawDot) break;
                    sawDot = true;
                    continue;
                }
                if (c < '0' || c > '9') break;
                sawDigits = true;
                if (firstSignificant < 0 && c != '0') firstSignificant = i;
                if (firstSignificant < 0 && sawDot) zerosAfterDot++;
                if (firstSignificant >= 0 && !sawDot) significantIntegers++;
            }
            if (!sawDigits) return false;
            int mantissaEnd = i;
            int exponent = 0;
            if (i < text.Length && Lower(text.CharAt(i)) == 'e')
            {
                if (!ReadExponent(text, ref i, ref exponent, ref underscores)) return false;
            }
            if (i != text.Length) return false;
            if (underscores && !UnderscoresOk(text, false)) return false;
            if (firstSignificant < 0) return true; // zero never overflows
            // The value is 0.d1d2d3... x 10^pointPosition, d1 the first non-zero digit.
            long pointPosition = (significantIntegers > 0 ? significantIntegers : -zerosAfterDot) + (long)exponent;
            return !DecimalOverflows(text, firstSignificant, mantissaEnd, pointPosition);
        }

        private static bool IsHexFloat(TwinText text, int start)
        {
            int i = start;
            bool sawDot = false, sawDigits = false, underscores = false;
            bool foundLead = false;
            int leadIndex = 0;         // before the dot: how many bits precede the leading 1
            int leadPower = 0;         // after the dot: the leading 1's power of two (negative)
            bool leadBeforeDot = false;
            int integerBits = 0;
            int fractionBits = 0;
            int onesRun = 0;           // consecutive 1 bits from the leading one
            bool runBroken = false;
            for (; i < text.Length; i++)
            {
                int c = text.CharAt(i);
                if (c == '_') { underscores = true; continue; }
                if (c == '.')
                {
                    if (sawDot) break;
                    sawDot = true;
                    continue;
                }
                int d = HexDigit(c);
                if (d < 0) break;
                sawDigits = true;
                for (int b = 3; b >= 0; b--)
                {
                    bool one = ((d >> b) & 1) == 1;
                    if (!foundLead)
                    {
                        if (!one) continue;
                        foundLead = true;
                        onesRun = 1;
                        leadBeforeDot = !sawDot;
                        if (sawDot) leadPower = -(fractionBits + 4 - b);
                        else leadIndex = integerBits + 3 - b;
                    }
                    else if (!runBroken)
                    {
                        if (one) onesRun++;
                        else runBroken = true;
                    }
                }
                if (sawDot) fractionBits += 4;
                else integerBits += 4;
            }
            if (!sawDigits) return false;
            // Go requires the binary exponent on hexadecimal floats.
            if (i >= text.Length || Lower(text.CharAt(i)) != 'p') return false;
            int exponent = 0;
            if (!ReadExponent(text, ref i, ref exponent, ref underscores)) return false;
            if (i != text.Length) return false;
            if (underscores && !UnderscoresOk(text, true)) return false;
            if (!foundLead) return true;
            long power = (leadBeforeDot ? integerBits - 1 - leadIndex : leadPower) + (long)exponent;
            if (power != 1023) return power < 1023;
            // At 2^1023 the value reaches 2^1024 - 2^970 (and rounds to infinity) exactly when
            // its first 54 significant bits are all ones.
            return onesRun < 54;
        }

        // Reads [eEpP][+-]?digits(_digits)*; Go caps the exponent's growth at 10000.
        private static bool ReadExponent(TwinText text, ref int i, ref int exponent, ref bool underscores)
        {
            i++;
            if (i >= text.Length) return false;
            int sign = 1;
            int c = text.CharAt(i);
            if (c == '+') i++;
            else if (c == '-') { i++; sign = -1; }
            if (i >= text.Length || text.CharAt(i) < '0' || text.CharAt(i) > '9') return false;
            int e = 0;
            for (; i < text.Length; i++)
            {
                c = text.CharAt(i);
                if (c == '_') { underscores = true; continue; }
                if (c < '0' || c > '9') break;
                if (e < 10000) e = e * 10 + (c - '0');
            }
            exponent = e * sign;
            return true;
        }

        // Go's underscoreOK: '_' only between digits (a base prefix counts as a digit).
        private static bool UnderscoresOk(TwinText text, bool hex)
        {
            int saw = '^';
            int i = 0;
            if (text.CharAt(0) == '+' || text.CharAt(0) == '-') i = 1;
            if (hex)
            {
                i += 2;
                saw = '0';
            }
            for (; i < text.Length; i++)
            {
                int c = text.CharAt(i);
                if ((c >= '0' && c <= '9') || (hex && HexDigit(c) >= 0))
                {
                    saw = '0';
                    continue;
                }
                if (c == '_')
                {
                    if (saw != '0') return false;
                    saw = '_';
                    continue;
                }
                if (saw == '_') return false;
                saw = '!';
            }
            return saw != '_';
        }

        // Whether 0.d1d2d3... x 10^pointPosition is at least 2^1024 - 2^970.
        private static bool DecimalOverflows(TwinText text, int firstSignificant, int mantissaEnd, long pointPosition)
        {
            if (pointPosition != OverflowDigits.Length) return pointPosition > OverflowDigits.Length;
            int t = 0;
            for (int k = firstSignificant; k < mantissaEnd; k++)
            {
                int c = text.CharAt(k);
                if (c < '0' || c > '9') continue;
                if (t == OverflowDigits.Length)
                {
                    if (c != '0') return true; // equal so far and more: above the threshold
                    continue;
                }
                int limit = OverflowDigits[t];
                if (c != limit) return c > limit;
                t++;
            }
            // Every digit given matched; the input goes on with zeros. A tie (the threshold's
            // remaining digits all zero) rounds to even, which is 2^1024.
            for (; t < OverflowDigits.Length; t++)
            {
                if (OverflowDigits[t] != '0') return false;
            }
            return true;
        }

        // Digits text[start..] as an unsigned number is at most the limit (both without leading zeros).
        private static bool FitsDigits(TwinText text, int start, byte[] limit)
        {
            int count = text.Length - start;
            if (count != limit.Length) return count < limit.Length;
            for (int k = 0; k < count; k++)
            {
                int c = text.CharAt(start + k);
                if (c != limit[k]) return c < limit[k];
            }
            return true;
        }

        private static bool EqualsIgnoreCase(TwinText text, int start, byte[] word)
        {
            if (text.Length - start != word.Length) return false;
            for (int k = 0; k < word.Length; k++)
            {
                if (Lower(text.CharAt(start + k)) != word[k]) return false;
            }
            return true;
        }

        private static int HexDigit(int c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            int l = Lower(c);
            if (l >= 'a' && l <= 'f') return l - 'a' + 10;
            return -1;
        }

        private static int Lower(int c)
        {
            return c >= 'A' && c <= 'Z' ? c + 32 : c;
        }
    }
}
