/**
 * Events: the facts the core decided, in the past tense. State changes only by applying them, the
 * same code live and on replay, so an event must carry everything its application needs.
 */
package dev.switchboard.core.event;
