package ai.lukhas.pwm.governance.incident;

class InMemoryIncidentStoreTest extends IncidentStoreContract {
    @Override
    IncidentStore store() {
        return IncidentStore.inMemory();
    }
}
