package ai.lukhas.pwm.server.responses;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.store.TenantId;
import org.junit.jupiter.api.Test;

class InMemoryResponseStoreTest extends ResponseStoreContractTest {
    private final ResponseStore store = ResponseStore.inMemory(100);

    @Override
    ResponseStore store() {
        return store;
    }

    @Test
    void forgetsTheOldestBeyondItsBound() {
        TenantId acme = TenantId.of("acme");
        ResponseStore small = ResponseStore.inMemory(2);
        small.put(response(acme, "resp_1", "a"));
        small.put(response(acme, "resp_2", "b"));
        small.put(response(acme, "resp_3", "c"));
        assertThat(small.find(acme, "resp_1")).isEmpty();
        assertThat(small.find(acme, "resp_3")).isPresent();
    }
}
