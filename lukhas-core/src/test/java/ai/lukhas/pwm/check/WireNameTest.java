package ai.lukhas.pwm.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireNameTest {
    enum Kind implements WireName {
        TOOL_OUTPUT,
        HIGH
    }

    /** Constants with bodies are subclasses of the enum: the name is still the constant's. */
    enum WithBodies implements WireName {
        FIRST_ONE {
            @Override
            public String toString() {
                return "x";
            }
        },
        SECOND
    }

    @Test
    void everyConstantsWireNameIsItsOwnEvenWithBodies() {
        assertThat(WithBodies.FIRST_ONE.wireName()).isEqualTo("first_one");
        assertThat(WithBodies.SECOND.wireName()).isEqualTo("second");
        assertThat(Kind.HIGH.wireName()).isEqualTo("high");
        assertThat(Kind.TOOL_OUTPUT.wireName()).isSameAs(Kind.TOOL_OUTPUT.wireName());
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
