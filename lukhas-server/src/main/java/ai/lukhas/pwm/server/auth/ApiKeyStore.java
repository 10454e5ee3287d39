package ai.lukhas.pwm.server.auth;

import ai.lukhas.pwm.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys in the embedded database. A token is {@code lk_<12 hex id>_<43 base64url chars>}: 256
 * random bits, so a plain SHA-256 of the token is a safe verifier (no slow KDF is needed for
 * high-entropy secrets) and the id lets us find the row without scanning.
 *
 * <pre>{@code
 * ApiKeyStore keys = ApiKeyStore.open(db, Clock.systemUTC());
 * IssuedKey k = keys.issue(Role.CLIENT, "acme", "ci bot");
 * keys.authenticate("Bearer " + k.token()); // Optional[Principal[keyId=..., role=CLIENT, tenant=acme]]
 * }</pre>
 */
public final class ApiKeyStore {
    static final Pattern TOKEN = Pattern.compile("lk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private ApiKeyStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Opens the store, creating its table if needed. */
    public static ApiKeyStore open(Database db, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return Objects.requireNonNull(db, "db").migrated("apikeys", d -> new ApiKeyStore(d, clock));
    }

    /** Creates a key; the returned token is the only copy of the secret. */
    public IssuedKey issue(Role role, String tenant, String label) {
        Objects.requireNonNull(role, "role");
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException(
                    "tenant must be 1-64 characters of letters, digits, '.', '_' or '-', but was '" + tenant + "'");
        }
        if (label.length() > 200) {
            throw new IllegalArgumentException("label must be at most 200 characters, but had " + label.length());
        }
        byte[] idBytes = new byte[6];
        byte[] secret = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String token =
                "lk_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_key(id, token_hash, role, tenant, label, created_ms) VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, sha256(token));
                ps.setString(3, role.wireName());
                ps.setString(4, tenant);
                ps.setString(5, label);
                ps.setLong(6, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
        return new IssuedKey(new ApiKey(id, role, tenant, label, now, Optional.empty()), token);
    }

    /** Every key, newest first, revoked ones included. */
    public List<ApiKey> list() {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT id, role, tenant, label, created_ms, revoked_ms FROM api_key ORDER BY created_ms DESC, id");
                    ResultSet rs = ps.executeQuery()) {
                List<ApiKey> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(read(rs));
                }
                return keys;
            }
        });
    }

    /** Revokes a key; false when no active key has that id. */
    public boolean revoke(String id) {
        long now = clock.millis();
        return db.transaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE api_key SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL")) {
                ps.setLong(1, now);
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** What {@link #revokeKeepingAnAdmin(String)} did. */
    public enum Revocation {
        /** The key was active and is revoked now. */
        REVOKED,
        /** No active key has that id (unknown, or revoked before). */
        NOT_FOUND,
        /** The key is the last active admin key and stays active. */
        LAST_ADMIN
    }

    /**
     * Revokes a key unless it is the last active admin key: without one nobody could manage keys over
     * HTTP, and with no active key at all the gateway would fall back to keyless local mode. The check
     * and the revocation are one statement, so two concurrent revocations cannot both pass it.
     */
    public Revocation revokeKeepingAnAdmin(String id) {
        long now = clock.millis();
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_key SET revoked_ms = ? WHERE id = ?"
                    + " AND revoked_ms IS NULL AND (role <> 'admin' OR (SELECT count(*) FROM api_key"
                    + " WHERE role = 'admin' AND revoked_ms IS NULL) > 1)")) {
                ps.setLong(1, now);
                ps.setString(2, id);
                if (ps.executeUpdate() == 1) {
                    return Revocation.REVOKED;
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT 1 FROM api_key WHERE id = ? AND revoked_ms IS NULL")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Revocation.LAST_ADMIN : Revocation.NOT_FOUND;
                }
            }
        });
    }

    /** The key with this id, revoked or not. */
    public Optional<ApiKey> find(String id) {
        return list().stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** Whether any key is active; with none, the server may only listen on loopback. */
    public boolean hasActiveKeys() {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM api_key WHERE revoked_ms IS NULL LIMIT 1");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /**
     * The principal for an {@code Authorization} header value ({@code Bearer <token>}) or a bare
     * token; empty when the token is malformed, unknown, revoked or wrong.
     */
    public Optional<Principal> authenticate(String authorization) {
        String token = authorization.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        Matcher m = TOKEN.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        String id = m.group(1);
        byte[] presented = sha256(token).getBytes(StandardCharsets.US_ASCII);
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT token_hash, role, tenant FROM api_key WHERE id = ? AND revoked_ms IS NULL")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Principal>empty();
                    }
                    byte[] stored = rs.getString(1).getBytes(StandardCharsets.US_ASCII);
                    if (!MessageDigest.isEqual(stored, presented)) {
                        return Optional.<Principal>empty();
                    }
                    return Optional.of(new Principal(id, Role.parse(rs.getString(2)), rs.getString(3)));
                }
            }
        });
    }

    private static ApiKey read(ResultSet rs) throws SQLException {
        long revoked = rs.getLong(6);
        Optional<Instant> revokedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
        return new ApiKey(
                rs.getString(1),
                Role.parse(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)),
                revokedAt);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
