package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.check.WireName;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link AuditVerifier#verify}: the chain is intact, it is intact but declares damage
 * accepted at start-up, or the first problem found.
 *
 * <pre>{@code
 * switch (AuditVerifier.verify(dir)) {
 *     case VerificationReport.Intact ok -> System.out.println(ok.records() + " records intact");
 *     case VerificationReport.Damaged d -> System.out.println("damage recorded: " + d.damage());
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
     * has the next seq; the log ends where the index says it does; every checkpoint given matches.
     *
     * @param records records in the chain
     * @param segments segment files walked
     * @param lastSeq seq of the last record (0 for an empty log)
     * @param headHash hash of the last record (64 zeros for an empty log); publish it elsewhere to
     *     anchor the chain against a wholesale rewrite
     * @param quarantineFiles torn lines moved aside at start-up; not part of the chain, listed for review
     * @param recoveries recovery records in the chain (start-up repairs after a crash; none declares damage)
     * @param checkpointsVerified signed checkpoints checked against the log (0 when none were given)
     */
    record Intact(
            long records,
            int segments,
            long lastSeq,
            String headHash,
            List<String> quarantineFiles,
            List<Recovery> recoveries,
            int checkpointsVerified)
            implements VerificationReport {
        public Intact {
            Objects.requireNonNull(headHash, "headHash");
            quarantineFiles = List.copyOf(quarantineFiles);
            recoveries = List.copyOf(recoveries);
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
     * The chain itself verifies end to end, but recovery records in it state that start-up found damage
     * a crash cannot explain and was told to accept it ({@code --accept-audit-damage}): records were
     * lost or changed, and the log says so from then on.
     *
     * @param records records in the chain
     * @param lastSeq seq of the last record
     * @param headHash hash of the last record
     * @param damage the recovery records that declare damage, oldest first
     * @param recoveries every recovery record, oldest first
     * @param quarantineFiles quarantine files present
     */
    record Damaged(
            long records,
            long lastSeq,
            String headHash,
            List<Recovery> damage,
            List<Recovery> recoveries,
            List<String> quarantineFiles)
            implements VerificationReport {
        public Damaged {
            Objects.requireNonNull(headHash, "headHash");
            damage = List.copyOf(damage);
            recoveries = List.copyOf(recoveries);
            quarantineFiles = List.copyOf(quarantineFiles);
            if (damage.isEmpty()) {
                throw new IllegalArgumentException(
                        "a damaged report needs at least one recovery record declaring damage");
            }
        }

        @Override
        public long recordsVerified() {
            return records;
        }

        @Override
        public boolean intact() {
            return false;
        }
    }

    /**
     * A recovery record found in the chain.
     *
     * @param seq its seq
     * @param auditId its audit_id
     * @param ts when start-up wrote it
     * @param segment the segment holding it
     * @param line its line there
     * @param damage whether it declares damage a crash cannot explain
     * @param summary what it says was found and done
     */
    record Recovery(long seq, String auditId, String ts, String segment, long line, boolean damage, String summary) {
        public Recovery {
            Checks.nonNull("auditId, ts, segment, summary", auditId, ts, segment, summary);
        }

        /** As {@code audit verify --json} and {@code GET /v1/audit/verify} list it. */
        public com.fasterxml.jackson.databind.node.ObjectNode json() {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode()
                    .put("seq", seq)
                    .put("audit_id", auditId)
                    .put("ts", ts)
                    .put("segment", segment)
                    .put("line", line)
                    .put("damage", damage)
                    .put("summary", summary);
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
            Checks.nonNull("kind, segment, detail", kind, segment, detail);
        }

        @Override
        public boolean intact() {
            return false;
        }
    }

    /** What verification can find wrong. */
    enum ProblemKind implements WireName {
        /** A line's bytes changed: not JSON, not canonical, or its hash does not match its content. */
        EDITED_LINE,
        /** Records are missing: the seq jumps and the missing seq appears nowhere later. */
        DELETED_LINE,
        /** A record appears before one that precedes it in the chain. */
        REORDERED_LINES,
        /** The log ends early: an incomplete last line, or fewer records than the index recorded. */
        TRUNCATED_TAIL,
        /**
         * Zero bytes where a record was, with records after them: a hole in the middle of a segment
         * (a crash only leaves zeros at the end, after the last acknowledged record).
         */
        ZEROED_LINE,
        /** A segment does not start where the previous segment ended (segment missing, replaced or cut). */
        CHAIN_BREAK_ACROSS_SEGMENTS,
        /** A signed checkpoint names a record the log holds with a different hash, or a different tree. */
        CHECKPOINT_MISMATCH
    }
}
