package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BindPolicyTest {
    @Test
    void loopbackWithoutKeysStartsWithAWarning() {
        assertThat(BindPolicy.check("127.0.0.1", false))
                .hasValueSatisfying(w -> assertThat(w).contains("loopback only").contains("lukhas keys create"));
        assertThat(BindPolicy.check("localhost", false)).isPresent();
        assertThat(BindPolicy.check("::1", false)).isPresent();
    }

    @Test
    void anyOtherAddressWithoutKeysIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> BindPolicy.check("0.0.0.0", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0 without API keys")
                .hasMessageContaining("lukhas keys create --role admin");
    }

    @Test
    void withKeysAnyAddressIsFineAndSilent() {
        assertThat(BindPolicy.check("0.0.0.0", true)).isEmpty();
        assertThat(BindPolicy.check("127.0.0.1", true)).isEmpty();
    }
}
