/**
 * JMH benchmarks: decision latency, presence update throughput, simulator speed, heap per agent.
 *
 * <p>Rule: measurements live here and in docs/BENCHMARKS.md, never as timing assertions in tests.
 */
package dev.switchboard.bench;
