/**
 * The fake Microsoft Teams tenant: one HTTPS server on 127.0.0.1 that plays the Entra token
 * endpoint and Microsoft Graph presence, subscriptions and the change-notification sender, with
 * fault injection and a control API under {@code /_fake/}.
 *
 * <p>Rule: everything Entra- or Graph-shaped follows the real wire contract (paths, JSON, status
 * codes, AADSTS bodies) so that real clients work unchanged; test conveniences live only under
 * {@code /_fake/} and in {@link dev.switchboard.sim.tenant.TenantControl}. Microsoft vocabulary
 * stays here and never leaks into the core.
 */
package dev.switchboard.sim.tenant;
