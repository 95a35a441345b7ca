package io.github.multiprocessing4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Our JCA-free HMAC must agree with the JDK's bit for bit. */
class HmacSha256Test {
    @Test
    void sha256MatchesTheJdkForEveryLengthAroundBlockBoundaries() throws Exception {
        Random r = new Random(1);
        for (int n = 0; n < 200; n++) {
            byte[] m = new byte[n];
            r.nextBytes(m);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(m), HmacSha256.sha256(m), "length " + n);
        }
    }

    @Test
    void hmacMatchesTheJdkForShortAndLongKeys() throws Exception {
        Random r = new Random(2);
        for (int keyLength : new int[] {1, 16, 32, 64, 65, 200}) {
            byte[] key = new byte[keyLength];
            byte[] role = {'C'};
            byte[] nonce = new byte[32];
            r.nextBytes(key);
            r.nextBytes(nonce);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(role);
            assertArrayEquals(mac.doFinal(nonce), HmacSha256.mac(key, role, nonce), "key length " + keyLength);
        }
    }

    @Test
    void randomBytesDifferAndComparisonIsExact() {
        byte[] a = HmacSha256.randomBytes(32);
        byte[] b = HmacSha256.randomBytes(32);
        assertFalse(HmacSha256.equal(a, b));
        assertTrue(HmacSha256.equal(a, a.clone()));
        assertFalse(HmacSha256.equal(a, new byte[31]));
    }
}
