/**
 * Detectors for personal data and secrets in free text (e-mail, phone, payment card, IBAN, API keys,
 * tokens, private keys), shared by moderation, audit redaction and feedback notes.
 */
package ai.lukhas.pwm.pii;
