using EdgeNano.DeviceTests.Support;
using EdgeNano.Updates.Crypto;
using nanoFramework.TestFramework;

namespace EdgeNano.DeviceTests.Crypto
{
    /// <summary>
    /// ECDSA P-256 over SHA-256 in device code: a firmware package is accepted only with a
    /// signature by the trusted key. Published vectors are accepted; any altered byte is not.
    /// </summary>
    [TestClass]
    public class EcdsaP256Tests
    {
        // RFC 6979 appendix A.2.5: the P-256 key and its deterministic SHA-256 signatures.
        private const string RfcKey = "04" +
            "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6" +
            "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";
        private const string RfcSample =
            "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716" +
            "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8";
        private const string RfcTest =
            "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367" +
            "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083";

        // NIST CSRC example "ECDSA P256_SHA256": message "Example of ECDSA with P-256".
        private const string NistKey = "04" +
            "B7E08AFDFE94BAD3F1DC8C734798BA1C62B3A0AD1E9EA2A38201CD0889BC7A19" +
            "3603F747959DBF7A4BB226E41928729063ADC7AE43529E61B563BBC606CC5E09";
        private const string NistSignature =
            "2B42F576D07F4165FF65D1F3B1500F81E44C316F1F0B3EF57325B69ACA46104F" +
            "DC42C2122D6392CD3E3A993A89502A8198C1886FE69D262C4B329BDB6B63FAF1";

        private static EcdsaP256Verifier _verifier;

        [Setup]
        public void The_verifier_is_made_once_at_start_up()
        {
            _verifier = new EcdsaP256Verifier();
        }

        [Cleanup]
        public void The_verifier_is_released()
        {
            _verifier = null;
        }

        private static byte[] HashOf(string ascii)
        {
            byte[] data = TestBytes.Ascii(ascii);
            byte[] hash = new byte[Sha256.HashSize];
            Sha256.Hash(data, 0, data.Length, hash, 0);
            return hash;
        }

        private static bool Verify(byte[] key, byte[] hash, byte[] signature)
        {
            return _verifier.Verify(key, 0, key.Length, hash, 0, signature, 0, signature.Length);
        }

        [TestMethod]
        [DataRow("sample", RfcSample)]
        [DataRow("test", RfcTest)]
        public void The_RFC_6979_signature_of_its_message_is_accepted(string message, string signature)
        {
            Assert.IsTrue(Verify(TestBytes.FromHex(RfcKey), HashOf(message), TestBytes.FromHex(signature)));
        }

        [TestMethod]
        public void An_RFC_6979_signature_of_the_other_message_is_rejected()
        {
            Assert.IsFalse(Verify(TestBytes.FromHex(RfcKey), HashOf("test"), TestBytes.FromHex(RfcSample)));
        }

        [TestMethod]
        public void The_NIST_example_signature_is_accepted()
        {
            byte[] hash = HashOf("Example of ECDSA with P-256");
            Assert.AreEqual("a41a41a12a799548211c410c65d8133afde34d28bdd542e4b680cf2899c8a8c4", TestBytes.Hex(hash));

            Assert.IsTrue(Verify(TestBytes.FromHex(NistKey), hash, TestBytes.FromHex(NistSignature)));
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(31)]
        [DataRow(32)]
        [DataRow(63)]
        public void A_signature_with_one_flipped_bit_is_rejected(int at)
        {
            byte[] signature = TestBytes.FromHex(RfcSample);
            signature[at] ^= 0x01;

            Assert.IsFalse(Verify(TestBytes.FromHex(RfcKey), HashOf("sample"), signature));
        }

        [TestMethod]
        public void A_tampered_message_is_rejected()
        {
            byte[] hash = HashOf("sample");
            hash[5] ^= 0x80;

            Assert.IsFalse(Verify(TestBytes.FromHex(RfcKey), hash, TestBytes.FromHex(RfcSample)));
        }

        [TestMethod]
        public void Another_key_does_not_verify_the_signature()
        {
            Assert.IsFalse(Verify(TestBytes.FromHex(NistKey), HashOf("sample"), TestBytes.FromHex(RfcSample)));
        }

        [TestMethod]
        public void A_key_given_as_64_raw_bytes_verifies_like_its_65_byte_form()
        {
            byte[] raw = TestBytes.Slice(TestBytes.FromHex(RfcKey), 1, 64);

            Assert.IsTrue(Verify(raw, HashOf("sample"), TestBytes.FromHex(RfcSample)));
        }

        [TestMethod]
        public void A_key_off_the_curve_or_compressed_is_refused_without_throwing()
        {
            byte[] offCurve = TestBytes.FromHex(RfcKey);
            offCurve[64] ^= 0x01;
            byte[] compressed = TestBytes.Slice(TestBytes.FromHex(RfcKey), 0, 33);
            compressed[0] = 0x02;

            Assert.IsTrue(_verifier.IsValidPublicKey(TestBytes.FromHex(RfcKey), 0, 65));
            Assert.IsFalse(_verifier.IsValidPublicKey(offCurve, 0, 65));
            Assert.IsFalse(_verifier.IsValidPublicKey(compressed, 0, 33));
            Assert.IsFalse(Verify(offCurve, HashOf("sample"), TestBytes.FromHex(RfcSample)));
            Assert.IsFalse(_verifier.Verify(null, 0, 65, HashOf("sample"), 0, TestBytes.FromHex(RfcSample), 0, 64));
        }

        [TestMethod]
        public void An_OpenSSL_DER_signature_converts_to_the_same_64_bytes_and_verifies()
        {
            // SEQUENCE { INTEGER r, INTEGER s }: r has its top bit set, so DER gives it a 0x00 prefix; s does not.
            byte[] der = TestBytes.FromHex("3045" + "022100" + RfcTest.Substring(0, 64) + "0220" + RfcTest.Substring(64, 64));
            byte[] rs = new byte[64];

            Assert.IsTrue(DerSignature.ToP1363(der, 0, der.Length, rs, 0));

            Assert.AreEqual(RfcTest.ToLower(), TestBytes.Hex(rs));
            Assert.IsTrue(Verify(TestBytes.FromHex(RfcKey), HashOf("test"), rs));
        }

        [TestMethod]
        public void A_DER_signature_with_trailing_bytes_is_refused()
        {
            byte[] der = TestBytes.FromHex("3046" + "022100" + RfcTest.Substring(0, 64) + "0220" + RfcTest.Substring(64, 64) + "00");

            Assert.IsFalse(DerSignature.ToP1363(der, 0, der.Length, new byte[64], 0));
        }

        [TestMethod]
        public void A_key_written_in_hex_in_the_configuration_decodes_to_its_bytes()
        {
            byte[] key = new byte[65];

            Assert.AreEqual(65, Hex.TryDecode(RfcKey, key, 0));
            Assert.AreEqual(RfcKey.ToLower(), TestBytes.Hex(key));
            Assert.AreEqual(-1, Hex.TryDecode("04zz", key, 0));
            Assert.AreEqual(-1, Hex.TryDecode("123", key, 0));
        }
    }
}
