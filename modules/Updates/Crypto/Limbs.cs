namespace EdgeNano.Updates.Crypto
{
    /// <summary>
    /// A 256-bit number as eight 32-bit limbs, least significant first (uint[8]). nanoFramework
    /// has no BigInteger, so the curve arithmetic works on these fixed-width arrays; every
    /// operation writes into an array the caller owns, so nothing is allocated while verifying.
    /// </summary>
    internal static class Limbs
    {
        /// <summary>Limbs per number.</summary>
        public const int Count = 8;

        /// <summary>Bytes in the big-endian form of a number.</summary>
        public const int ByteLength = 32;

        /// <summary>Reads 32 big-endian bytes (the form in keys, hashes and signatures).</summary>
        public static void FromBigEndian(byte[] source, int offset, uint[] result)
        {
            for (int i = 0; i < Count; i++)
            {
                int at = offset + ByteLength - 4 - 4 * i;
                result[i] = ((uint)source[at] << 24) | ((uint)source[at + 1] << 16) | ((uint)source[at + 2] << 8) | source[at + 3];
            }
        }

        /// <summary>Writes the number as 32 big-endian bytes.</summary>
        public static void ToBigEndian(uint[] value, byte[] output, int offset)
        {
            for (int i = 0; i < Count; i++)
            {
                int at = offset + ByteLength - 4 - 4 * i;
                uint limb = value[i];
                output[at] = (byte)(limb >> 24);
                output[at + 1] = (byte)(limb >> 16);
                output[at + 2] = (byte)(limb >> 8);
                output[at + 3] = (byte)limb;
            }
        }

        /// <summary>Copies source into result.</summary>
        public static void Copy(uint[] source, uint[] result)
        {
            for (int i = 0; i < Count; i++) result[i] = source[i];
        }

        /// <summary>Sets result to a small value.</summary>
        public static void Set(uint[] result, uint value)
        {
            result[0] = value;
            for (int i = 1; i < Count; i++) result[i] = 0;
        }

        /// <summary>True when every limb is zero.</summary>
        public static bool IsZero(uint[] value)
        {
            uint any = 0;
            for (int i = 0; i < Count; i++) any |= value[i];
            return any == 0;
        }

        /// <summary>True when a and b hold the same number.</summary>
        public static bool Equal(uint[] a, uint[] b)
        {
            for (int i = 0; i < Count; i++)
            {
                if (a[i] != b[i]) return false;
            }
            return true;
        }

        /// <summary>-1, 0 or 1 as a is below, equal to or above b.</summary>
        public static int Compare(uint[] a, uint[] b)
        {
            for (int i = Count - 1; i >= 0; i--)
            {
                if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
            }
            return 0;
        }

        /// <summary>result = a + b; returns the carry out of the top limb (0 or 1). result may be a or b.</summary>
        public static uint Add(uint[] a, uint[] b, uint[] result)
        {
            ulong carry = 0;
            for (int i = 0; i < Count; i++)
            {
                carry += (ulong)a[i] + b[i];
                result[i] = (uint)carry;
                carry >>= 32;
            }
            return (uint)carry;
        }

        /// <summary>result = a - b; returns the borrow out of the top limb (0 or 1). result may be a or b.</summary>
        public static uint Subtract(uint[] a, uint[] b, uint[] result)
        {
            long borrow = 0;
            for (int i = 0; i < Count; i++)
            {
                borrow += (long)a[i] - b[i];
                result[i] = (uint)borrow;
                // Arithmetic shift: -1 when this limb borrowed, 0 otherwise.
                borrow >>= 32;
            }
            return (uint)(-borrow);
        }

        /// <summary>Bit number 'bit' of the value (0 = lowest), as 0 or 1.</summary>
        public static int Bit(uint[] value, int bit)
        {
            return (int)((value[bit >> 5] >> (bit & 31)) & 1);
        }

        /// <summary>Bits 2·window and 2·window+1 of the value (window 0 is the lowest two bits).</summary>
        public static int TwoBits(uint[] value, int window)
        {
            return (int)((value[window >> 4] >> ((window & 15) * 2)) & 0x3);
        }
    }
}
