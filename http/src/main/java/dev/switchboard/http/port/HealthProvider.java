package dev.switchboard.http.port;

import java.util.List;

/**
 * Reports the health of components outside the engine: the database, every presence source and
 * presence account. Called on every {@code GET /api/health}; must answer quickly from state it
 * already has (no network calls).
 */
@FunctionalInterface
public interface HealthProvider {
    List<ComponentHealth> health();
}
