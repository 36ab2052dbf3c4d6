/**
 * The one JSON form of the core's values: events (journal, event stream), commands,
 * configuration records and snapshots. Adapters that store or send core values use this codec, so
 * there is a single wire format to keep compatible.
 *
 * <p>Rule: the core stays free of annotations; everything Jackson needs is configured here.
 */
package dev.switchboard.engine.codec;
