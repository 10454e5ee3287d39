package ai.lukhas.pwm.flags;

import ai.lukhas.pwm.check.WireName;

/** Where a flag's value came from, highest precedence first. */
public enum FlagSource implements WireName {
    OVERRIDE,
    ENVIRONMENT,
    FILE,
    DEFAULT;
}
