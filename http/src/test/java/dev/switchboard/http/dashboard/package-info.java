/**
 * Tests of the static dashboard: its files (offline, no CDN), and the pages themselves in headless
 * Chromium driven by Selenium against a real server and engine.
 *
 * <p>Rule: browser tests run only with {@code SWITCHBOARD_TEST_BROWSER=1} and then fail if
 * Chromium or chromedriver is missing; they act through the real API and the real pages, never
 * through mocks, and wait for results by polling with a timeout, never by sleeping.
 */
package dev.switchboard.http.dashboard;
