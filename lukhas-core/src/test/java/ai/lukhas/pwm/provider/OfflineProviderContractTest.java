package ai.lukhas.pwm.provider;

class OfflineProviderContractTest extends LlmProviderContract {
    private final LlmProvider offline = LlmProvider.offline();

    @Override
    LlmProvider provider() {
        return offline;
    }
}
