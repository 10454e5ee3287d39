/** The {@code lukhas} command line: one picocli command class per subcommand. */
package ai.lukhas.pwm.cli;
