/**
 * The single-writer runtime around the pure core: a bounded inbox per tenant, batches that go
 * decide → journal → acknowledge → publish, immutable snapshots for readers, and ticks from a
 * clock port. Ports (journal, event sink, command gateway) are interfaces here; adapters
 * implement them.
 *
 * <p>Rule: depends on the core only. No HTTP, no JDBC, no Microsoft vocabulary.
 */
package dev.switchboard.engine;
