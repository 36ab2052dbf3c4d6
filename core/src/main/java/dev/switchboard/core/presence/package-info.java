/**
 * The presence model: Teams availability × activity, out-of-office overlay, fidelity and the
 * presence groups a distribution policy decides on.
 *
 * <p>Rule: values are parsed case-insensitively and never fail — an unseen value becomes {@code
 * UNKNOWN}, because Microsoft adds new ones. The Microsoft wire format itself stays in the Graph
 * adapter; these enums only know their display names.
 */
package dev.switchboard.core.presence;
