package dev.switchboard.http.auth;

import dev.switchboard.core.model.AgentId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * One configured bearer token: a name for logs, its roles, the agent it acts for (agent role
 * only) and the SHA-256 hash of the secret. Tokens are long random strings, so a fast hash is
 * enough; the secret itself is not kept.
 */
public final class ApiToken {
    /** Shorter secrets are refused: a bearer token must not be guessable. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final String HASH_PREFIX = "sha256:";

    private final String name;
    private final Set<Role> roles;
    private final AgentId agent;
    private final byte[] hash;

    private ApiToken(String name, Set<Role> roles, AgentId agent, byte[] hash) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a token needs a name");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("token " + name + " needs at least one role");
        }
        if (roles.contains(Role.AGENT) && agent == null) {
            throw new IllegalArgumentException("token " + name + " has the agent role but names no agent");
        }
        if (!roles.contains(Role.AGENT) && agent != null) {
            throw new IllegalArgumentException("token " + name + " names an agent but lacks the agent role");
        }
        this.name = name;
        this.roles = Set.copyOf(EnumSet.copyOf(roles));
        this.agent = agent;
        this.hash = hash.clone();
    }

    /** A token from its secret (hashed at once). {@code agent} only with the agent role. */
    public static ApiToken fromSecret(String name, Set<Role> roles, AgentId agent, String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "token " + name + ": the secret must have at least " + MIN_SECRET_LENGTH + " characters");
        }
        return new ApiToken(name, roles, agent, sha256(secret));
    }

    /**
     * A token from the hash of its secret, {@code sha256:<64 hex digits>}, so configuration files
     * need not hold secrets.
     */
    public static ApiToken fromHash(String name, Set<Role> roles, AgentId agent, String hash) {
        if (hash == null || !hash.startsWith(HASH_PREFIX) || hash.length() != HASH_PREFIX.length() + 64) {
            throw new IllegalArgumentException("token " + name + ": the hash must look like sha256:<64 hex digits>");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hash.substring(HASH_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("token " + name + ": the hash is not hexadecimal");
        }
        return new ApiToken(name, roles, agent, bytes);
    }

    /** The configuration form of a secret's hash, for tooling that writes configuration. */
    public static String hashOf(String secret) {
        return HASH_PREFIX + HexFormat.of().formatHex(sha256(secret));
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public String name() {
        return name;
    }

    public Set<Role> roles() {
        return roles;
    }

    /** The agent this token acts for, or null. */
    public AgentId agent() {
        return agent;
    }

    /** Constant-time comparison with the hash of a presented secret. */
    boolean matches(byte[] presentedHash) {
        return MessageDigest.isEqual(hash, presentedHash);
    }

    @Override
    public String toString() {
        return "ApiToken(" + name + ", " + roles + (agent == null ? "" : ", " + agent) + ")";
    }
}
