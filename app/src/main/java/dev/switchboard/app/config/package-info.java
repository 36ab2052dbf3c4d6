/**
 * Reading the YAML configuration file: strict fields, named errors, secrets from the
 * environment or files only.
 *
 * <p>Rule: nothing here knows what a setting means; the loaders of each section do.
 */
package dev.switchboard.app.config;
