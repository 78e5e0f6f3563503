package org.fatecg.flower;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * A SuperNode's identity on the Fleet API: an EC key pair. Every call carries the public key as PEM
 * SubjectPublicKeyInfo bytes (compared byte for byte by the SuperLink, so always written exactly as
 * Flower's cryptography library writes it: 64-character base64 lines, LF, a final LF), the current UTC
 * time in ISO 8601 with an offset, and a DER ECDSA signature with SHA-256 over that time's ASCII bytes.
 */
public final class NodeKeys {
    /** Python's datetime.isoformat() of an aware UTC time: microseconds and +00:00. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private final PrivateKey privateKey;
    private final byte[] publicKeyPem;

    private NodeKeys(PrivateKey privateKey, byte[] publicKeyPem) {
        this.privateKey = privateKey;
        this.publicKeyPem = publicKeyPem;
    }

    /** A fresh P-384 pair, as Flower's SuperNode makes for every start when it registers itself. */
    public static NodeKeys generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            KeyPair kp = g.generateKeyPair();
            return new NodeKeys(kp.getPrivate(), pem(kp.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make an EC P-384 key: " + e.getMessage(), e);
        }
    }

    /**
     * A registered pair: a PKCS#8 PEM private key and the SPKI PEM public key (as registered with
     * {@code flwr supernode register}). The public key is re-encoded in Flower's PEM form.
     *
     * @throws IOException naming the file that is unreadable, not PEM, not EC, or not the private key's pair
     */
    public static NodeKeys load(Path privatePem, Path publicPem) throws IOException {
        PrivateKey priv;
        PublicKey pub;
        try {
            priv = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(der(privatePem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    privatePem + ": not an EC private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----): "
                            + e.getMessage(),
                    e);
        }
        try {
            pub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(publicPem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    publicPem + ": not an EC public key in SPKI PEM (-----BEGIN PUBLIC KEY-----): " + e.getMessage(),
                    e);
        }
        NodeKeys k = new NodeKeys(priv, pem(pub.getEncoded()));
        try {
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(pub);
            v.update(new byte[] {1, 2, 3});
            if (!v.verify(k.sign(new byte[] {1, 2, 3})))
                throw new IOException(publicPem + " is not the public key of " + privatePem);
        } catch (GeneralSecurityException e) {
            throw new IOException(publicPem + " does not belong to " + privatePem + ": " + e.getMessage(), e);
        }
        return k;
    }

    /** The exact bytes of the flwr-public-key-bin header and of RegisterNode/ActivateNode. */
    public byte[] publicKeyPem() {
        return publicKeyPem.clone();
    }

    public static String timestampNow() {
        return OffsetDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
    }

    /** DER ECDSA-SHA256 signature of data. */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the node's key: " + e.getMessage(), e);
        }
    }

    public byte[] signTimestamp(String timestamp) {
        return sign(timestamp.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] pem(byte[] spkiDer) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(spkiDer);
        return ("-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] der(Path file, String label) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----", end = "-----END " + label + "-----";
        int a = text.indexOf(begin), b = text.indexOf(end);
        if (a < 0 || b < a) throw new IOException(file + ": no " + begin + " ... " + end + " block");
        try {
            return Base64.getMimeDecoder().decode(text.substring(a + begin.length(), b));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the PEM block is not base64: " + e.getMessage(), e);
        }
    }
}
