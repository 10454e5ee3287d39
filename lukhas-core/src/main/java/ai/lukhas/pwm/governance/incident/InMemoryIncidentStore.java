package ai.lukhas.pwm.governance.incident;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Incidents in a list, in recording order (position + 1 is the sequence number). Listing scans. */
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
    public List<StoredIncident> listed(IncidentQuery query) {
        List<StoredIncident> matching = new ArrayList<>();
        synchronized (this) {
            for (int i = incidents.size() - 1; i >= 0; i--) {
                StoredIncident s = new StoredIncident(i + 1L, incidents.get(i));
                if (query.matches(s.incident()) && query.continues(s)) {
                    matching.add(s);
                }
            }
        }
        if (query.after().isPresent()) {
            matching.sort(Comparator.comparingLong(StoredIncident::seq));
        } else {
            // newest first; the sort is stable, so equal instants stay latest-recorded first
            matching.sort((a, b) -> b.incident().ts().compareTo(a.incident().ts()));
        }
        return List.copyOf(matching.subList(0, Math.min(query.limit(), matching.size())));
    }

    @Override
    public synchronized IncidentCursor end() {
        return incidents.isEmpty()
                ? IncidentCursor.START
                : new IncidentCursor(incidents.size(), incidents.getLast().ts());
    }
}
