package ai.lukhas.pwm.flags;

import ai.lukhas.pwm.testing.FlagOverrideStoreContract;

class InMemoryFlagOverrideStoreTest extends FlagOverrideStoreContract {
    @Override
    protected FlagOverrideStore store() {
        return FlagOverrideStore.inMemory();
    }

    /** In one process the in-memory store is its own reopening. */
    @Override
    protected FlagOverrideStore reopen(FlagOverrideStore store) {
        return store;
    }
}
