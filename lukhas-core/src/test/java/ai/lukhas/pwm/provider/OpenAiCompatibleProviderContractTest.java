package ai.lukhas.pwm.provider;

/** The contract over HTTP: a local Chat Completions server that answers like the offline provider. */
class OpenAiCompatibleProviderContractTest extends FakeUpstreamContract {
    OpenAiCompatibleProviderContractTest() {
        super(OfflineWire.reply(), UpstreamApi.CHAT_COMPLETIONS);
    }
}
