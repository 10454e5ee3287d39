package ai.lukhas.pwm.governance.incident;

class InMemoryEscalationHoldsTest extends EscalationHoldsContract {
    @Override
    EscalationHolds store() {
        return EscalationHolds.inMemory();
    }
}
