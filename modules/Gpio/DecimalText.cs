namespace EdgeNano.Gpio
{
    /// <summary>Writes numbers as ASCII digits into a buffer: a twin value without a string allocation.</summary>
    internal static class DecimalText
    {
        /// <summary>The longest text Write produces ("-9223372036854775808").</summary>
        public const int MaxLength = 20;

        /// <summary>Writes value at buffer[0..]; returns the length.</summary>
        public static int Write(long value, byte[] buffer)
        {
            int length = 0;
            bool negative = value < 0;
            // Collect digits from the low end as negatives, so long.MinValue needs no special case.
            long rest = negative ? value : -value;
            do
            {
                long quotient = rest / 10;
                buffer[length++] = (byte)('0' + (int)(quotient * 10 - rest));
                rest = quotient;
            }
            while (rest != 0);
            if (negative) buffer[length++] = (byte)'-';
            for (int i = 0, j = length - 1; i < j; i++, j--)
            {
                byte swap = buffer[i];
                buffer[i] = buffer[j];
                buffer[j] = swap;
            }
            return length;
        }
    }
}
