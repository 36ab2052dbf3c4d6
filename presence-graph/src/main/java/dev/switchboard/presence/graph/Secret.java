package dev.switchboard.presence.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A password, certificate password or clientState. The value is read from its origin (an
 * environment variable or a file) each time it is needed, so a rotated secret is picked up
 * without a restart. It never appears in {@link #toString()}, logs or exception messages: only
 * its origin does.
 */
public final class Secret {
    private final String origin;
    private final Supplier<char[]> source;

    private Secret(String origin, Supplier<char[]> source) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** A secret held in memory (tests, or a value already resolved by the configuration). */
    public static Secret of(String origin, char[] value) {
        char[] copy = value.clone();
        return new Secret(origin, copy::clone);
    }

    /** A secret read from an environment variable each time it is used. */
    public static Secret fromEnvironment(String variable) {
        return new Secret("environment variable " + variable, () -> {
            String value = System.getenv(variable);
            if (value == null) {
                throw new IllegalStateException("environment variable " + variable + " is not set");
            }
            return value.toCharArray();
        });
    }

    /** A secret read from a file each time it is used; one trailing line break is ignored. */
    public static Secret fromFile(Path file) {
        return new Secret("file " + file, () -> {
            try {
                String value = Files.readString(file, StandardCharsets.UTF_8);
                if (value.endsWith("\r\n")) {
                    value = value.substring(0, value.length() - 2);
                } else if (value.endsWith("\n")) {
                    value = value.substring(0, value.length() - 1);
                }
                return value.toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret file " + file, e);
            }
        });
    }

    /** A fresh copy of the value; callers should clear it when done. */
    public char[] reveal() {
        return source.get();
    }

    /** The value as a string, for APIs that only take strings (clientState). */
    public String revealString() {
        char[] value = reveal();
        try {
            return new String(value);
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    /** Where the secret comes from, e.g. {@code environment variable SB_PA1_PASSWORD}. */
    public String origin() {
        return origin;
    }

    /** A digest of the current value, to notice a rotated secret without keeping the value. */
    public byte[] fingerprint() {
        char[] value = reveal();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(value, '\0');
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }

    /** Whether the secret can be read now (the variable is set, the file is readable). */
    public boolean readable() {
        try {
            Arrays.fill(reveal(), '\0');
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Secret(" + origin + ")";
    }
}
