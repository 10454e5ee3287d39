package ai.lukhas.pwm.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireNameTest {
    enum Kind implements WireName {
        TOOL_OUTPUT,
        HIGH
    }

    @Test
    void theWireNameIsTheLowerCaseConstantNameAndReadsBackExactly() {
        assertThat(Kind.TOOL_OUTPUT.wireName()).isEqualTo("tool_output");
        assertThat(WireName.parse(Kind.class, "tool_output")).contains(Kind.TOOL_OUTPUT);
        assertThat(WireName.parse(Kind.class, "high")).contains(Kind.HIGH);
        assertThat(WireName.parse(Kind.class, "HIGH")).isEmpty();
        assertThat(WireName.parse(Kind.class, "tool-output")).isEmpty();
        assertThat(WireName.parse(Kind.class, "")).isEmpty();
    }
}
