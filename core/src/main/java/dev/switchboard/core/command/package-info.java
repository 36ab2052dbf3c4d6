/**
 * Commands: everything that can change routing state, each carrying its own time.
 *
 * <p>Rule: commands are requests and reports from outside (telephony, agents, admins, presence
 * sources, the clock). The core answers each with events or a rejection; it never reads a clock.
 */
package dev.switchboard.core.command;
