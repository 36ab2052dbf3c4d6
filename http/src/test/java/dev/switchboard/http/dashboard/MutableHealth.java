package dev.switchboard.http.dashboard;

import dev.switchboard.http.port.ComponentHealth;
import dev.switchboard.http.port.HealthProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A health port whose components a test sets, as the presence adapter would report them: a
 * failure is injected by replacing a component with its DOWN form.
 */
final class MutableHealth implements HealthProvider {
    private final Map<String, ComponentHealth> components = new LinkedHashMap<>();

    synchronized void set(ComponentHealth component) {
        components.put(component.name(), component);
    }

    @Override
    public synchronized List<ComponentHealth> health() {
        return new ArrayList<>(components.values());
    }
}
