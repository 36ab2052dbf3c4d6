package dev.switchboard.core.routing;

import java.nio.charset.StandardCharsets;

/** 64-bit FNV-1a over a canonical rendering of the state: stable across JVM runs. */
final class StateHasher {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private long hash = OFFSET;

    StateHasher add(String value) {
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        hash ^= 0x1f; // separator, so ("ab","c") and ("a","bc") differ
        hash *= PRIME;
        return this;
    }

    StateHasher add(long value) {
        return add(Long.toString(value));
    }

    StateHasher add(boolean value) {
        return add(value ? "1" : "0");
    }

    long value() {
        return hash;
    }
}
