/**
 * Load tests of the call-control API, run by hand (never by the test suite): {@link
 * dev.switchboard.http.bench.BenchServer} in one process, {@link
 * dev.switchboard.http.bench.CallControlLoad} in another.
 *
 * <p>Rule: timings are printed, never asserted.
 */
package dev.switchboard.http.bench;
