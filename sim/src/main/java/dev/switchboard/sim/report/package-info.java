/**
 * Results of simulation runs and their two renderings: one JSON object (stable field names, for
 * scripts and tests) and a readable text report.
 *
 * <p>Rule: results are immutable records; renderers only format, they never compute KPIs.
 */
package dev.switchboard.sim.report;
