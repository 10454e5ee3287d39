package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.flags.Flags;

class InMemoryHelixTest extends HelixMemoryContract {
    private InMemoryHelix first;

    @Override
    HelixMemory open(Flags flags, DnaKeyring keyring) {
        if (first == null) {
            first = (InMemoryHelix) HelixMemory.inMemory(clock, flags, keyring);
            return first;
        }
        return first.reopen(clock, new ValueCodec(flags, keyring));
    }
}
