package ai.lukhas.pwm.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 key pair that signs checkpoints (the JDK's own Ed25519, no extra provider). The key file
 * holds the private key (PKCS#8) and the public key (X.509) as two PEM blocks and is created with
 * permissions 0600; the public key alone is written next to it as {@code <file>.pub} for auditors.
 *
 * <pre>{@code
 * CheckpointKeys keys = CheckpointKeys.loadOrCreate(dataDir.resolve("audit-checkpoint.key"));
 * PublicKey pub = CheckpointKeys.readPublicKey(dataDir.resolve("audit-checkpoint.key.pub"));
 * }</pre>
 */
public final class CheckpointKeys {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointKeys.class);
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private CheckpointKeys(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyId(publicKey);
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** First 16 hex digits of SHA-256 over the public key's X.509 encoding. */
    public String keyId() {
        return keyId;
    }

    static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(Merkle.sha256().digest(key.getEncoded()), 0, 8);
    }

    /**
     * Reads the key pair from {@code file}, or generates one there (0600) and its public key at
     * {@code file.pub} when the file does not exist.
     *
     * @throws AuditStoreException when the file cannot be read, written or holds no Ed25519 key pair
     */
    public static CheckpointKeys loadOrCreate(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return read(file);
        } catch (IOException e) {
            throw new AuditStoreException("checkpoint key " + file + ": " + e, e);
        }
    }

    private static void create(Path file) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide Ed25519", e);
        }
        String text = pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                + pem("PUBLIC KEY", pair.getPublic().getEncoded());
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        boolean posix = Files.getFileAttributeView(
                        file.toAbsolutePath().getParent(), java.nio.file.attribute.PosixFileAttributeView.class)
                != null;
        try {
            if (posix) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            return; // another process created it first: use theirs
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.writeString(
                publicKeyFile(file), pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        LOG.info(
                "generated the audit checkpoint signing key {} (public key {}, key id {})",
                file,
                publicKeyFile(file),
                keyId(pair.getPublic()));
    }

    /** Where the public key of the key file {@code file} is written. */
    public static Path publicKeyFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".pub");
    }

    private static CheckpointKeys read(Path file) throws IOException {
        warnIfReadableByOthers(file);
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        byte[] priv = block(text, "PRIVATE KEY");
        byte[] pub = block(text, "PUBLIC KEY");
        if (priv == null || pub == null) {
            throw new AuditStoreException("checkpoint key " + file
                    + " must hold a PEM PRIVATE KEY and a PEM PUBLIC KEY block (Ed25519), but does not");
        }
        try {
            KeyFactory f = KeyFactory.getInstance("Ed25519");
            return new CheckpointKeys(
                    f.generatePrivate(new PKCS8EncodedKeySpec(priv)), f.generatePublic(new X509EncodedKeySpec(pub)));
        } catch (GeneralSecurityException e) {
            throw new AuditStoreException(
                    "checkpoint key " + file + " is not an Ed25519 key pair: " + e.getMessage(), e);
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn(
                        "checkpoint key {} is readable by group or others ({}); chmod 600 it",
                        file,
                        PosixFilePermissions.toString(p));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    /**
     * Reads an Ed25519 public key: a PEM {@code PUBLIC KEY} block (the {@code .pub} file, or the key
     * file itself, whose public block is used).
     *
     * @throws IllegalArgumentException when the file holds no Ed25519 public key (the message says what it holds)
     */
    public static PublicKey readPublicKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read public key " + file + ": " + e.getMessage(), e);
        }
        byte[] pub = block(text, "PUBLIC KEY");
        if (pub == null) {
            throw new IllegalArgumentException(
                    "public key " + file + " must hold a PEM '-----BEGIN PUBLIC KEY-----' block, but has none");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pub));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("public key " + file + " is not an Ed25519 key: " + e.getMessage(), e);
        }
    }

    private static byte[] block(String text, String type) {
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    return Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
