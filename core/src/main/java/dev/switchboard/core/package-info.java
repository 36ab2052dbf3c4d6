/**
 * The pure routing core of Switchboard.
 *
 * <p>Rule for everything below this package: plain deterministic Java. No I/O, no clock reads, no
 * randomness, no logging, no threads, no dependency beyond the JDK. Time enters only as data on
 * commands; state changes only by applying events.
 */
package dev.switchboard.core;
