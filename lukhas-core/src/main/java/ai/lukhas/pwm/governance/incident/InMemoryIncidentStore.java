package ai.lukhas.pwm.governance.incident;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Incidents in a list, in recording order. Listing scans from the newest end. */
final class InMemoryIncidentStore implements IncidentStore {
    private final List<Incident> incidents = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    @Override
    public synchronized void append(Incident incident) {
        if (!ids.add(incident.id())) {
            throw new IllegalStateException("incident id " + incident.id() + " is already stored");
        }
        incidents.add(incident);
    }

    @Override
    public List<Incident> list(IncidentQuery query) {
        List<Incident> matching = new ArrayList<>();
        synchronized (this) {
            for (int i = incidents.size() - 1; i >= 0; i--) {
                Incident incident = incidents.get(i);
                if (query.matches(incident)) {
                    matching.add(incident);
                }
            }
        }
        // newest first; the sort is stable, so equal instants stay latest-recorded first
        matching.sort((a, b) -> b.ts().compareTo(a.ts()));
        return List.copyOf(matching.subList(0, Math.min(query.limit(), matching.size())));
    }
}
