/**
 * The {@code presence:} section of the configuration and the wiring of the Microsoft Graph
 * presence adapter.
 *
 * <p>Rule: secrets come from the environment or files, never from the configuration text itself;
 * every configuration error names its field.
 */
package dev.switchboard.app.presence;
