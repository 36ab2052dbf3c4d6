/**
 * The command line (picocli), YAML configuration, wiring of all adapters, lifecycle.
 *
 * <p>Rule: the only module that knows every implementation.
 */
package dev.switchboard.app;
