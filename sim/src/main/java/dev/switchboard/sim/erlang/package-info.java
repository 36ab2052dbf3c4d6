/**
 * Queueing-theory predictions the simulator is checked against: Erlang C (M/M/N) and Erlang A
 * (M/M/N+M, exponential patience).
 *
 * <p>Rule: pure functions of their parameters, numerically stable for hundreds of agents (no
 * factorials or powers that overflow: Erlang B recursion and ratios only).
 */
package dev.switchboard.sim.erlang;
