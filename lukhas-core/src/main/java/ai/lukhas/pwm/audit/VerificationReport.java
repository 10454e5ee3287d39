package ai.lukhas.pwm.audit;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link AuditVerifier#verify}: the chain is intact, or the first problem found.
 *
 * <pre>{@code
 * switch (AuditVerifier.verify(dir)) {
 *     case VerificationReport.Intact ok -> System.out.println(ok.records() + " records intact");
 *     case VerificationReport.Broken b -> System.out.println(b.segment() + ":" + b.line() + " " + b.kind());
 * }
 * }</pre>
 */
public sealed interface VerificationReport {
    /** Records whose hash, order and link were checked before the first problem (or all of them). */
    long recordsVerified();

    boolean intact();

    /**
     * Every segment's every line is canonical, hashes to its stored hash, links to the line before and
     * has the next seq; the log ends where the index says it does.
     *
     * @param records records in the chain
     * @param segments segment files walked
     * @param lastSeq seq of the last record (0 for an empty log)
     * @param headHash hash of the last record (64 zeros for an empty log); publish it elsewhere to
     *     anchor the chain against a wholesale rewrite
     * @param quarantineFiles torn lines moved aside at start-up; not part of the chain, listed for review
     */
    record Intact(long records, int segments, long lastSeq, String headHash, List<String> quarantineFiles)
            implements VerificationReport {
        public Intact {
            Objects.requireNonNull(headHash, "headHash");
            quarantineFiles = List.copyOf(quarantineFiles);
        }

        @Override
        public long recordsVerified() {
            return records;
        }

        @Override
        public boolean intact() {
            return true;
        }
    }

    /**
     * The first problem in chain order.
     *
     * @param kind what is wrong
     * @param segment segment file name
     * @param line line number in that segment, from 1
     * @param detail what was expected and what was found
     * @param recordsVerified records before the problem that checked out
     */
    record Broken(ProblemKind kind, String segment, long line, String detail, long recordsVerified)
            implements VerificationReport {
        public Broken {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean intact() {
            return false;
        }
    }

    /** What verification can find wrong. */
    enum ProblemKind {
        /** A line's bytes changed: not JSON, not canonical, or its hash does not match its content. */
        EDITED_LINE,
        /** Records are missing: the seq jumps and the missing seq appears nowhere later. */
        DELETED_LINE,
        /** A record appears before one that precedes it in the chain. */
        REORDERED_LINES,
        /** The log ends early: an incomplete last line, or fewer records than the index recorded. */
        TRUNCATED_TAIL,
        /** A segment does not start where the previous segment ended (segment missing, replaced or cut). */
        CHAIN_BREAK_ACROSS_SEGMENTS
    }
}
