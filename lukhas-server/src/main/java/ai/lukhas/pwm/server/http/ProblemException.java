package ai.lukhas.pwm.server.http;

import java.util.Objects;

/** Thrown by a handler to answer with a {@link Problem}; the server renders it, nothing else. */
public class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
