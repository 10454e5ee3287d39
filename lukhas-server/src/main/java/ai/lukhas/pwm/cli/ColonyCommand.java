package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.memory.colony.AgentOpinion;
import ai.lukhas.pwm.memory.colony.Consensus;
import ai.lukhas.pwm.memory.colony.ConsensusMethod;
import ai.lukhas.pwm.memory.colony.ConsensusPersistence;
import ai.lukhas.pwm.memory.colony.ConsensusResult;
import ai.lukhas.pwm.memory.dna.HelixEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "colony",
        mixinStandardHelpOptions = true,
        description = "Colony consensus on what enters DNA memory.",
        subcommands = {ColonyCommand.Decide.class})
final class ColonyCommand {
    private ColonyCommand() {}

    @Command(
            name = "decide",
            description = {
                "Decide KEY from agents' opinions; with --persist, write a decision to DNA.",
                "FILE is a JSON array (or {\"opinions\": [...]}) of {agent_id, value, confidence, rationale}.",
                "Exit 1 when there is no decision."
            })
    static final class Decide extends DnaCommand.OnTheHelix {
        @Mixin
        HelpOption help;

        @Option(names = "--key", required = true, paramLabel = "K")
        String key;

        @Option(
                names = "--method",
                required = true,
                paramLabel = "M",
                description = "majority, weighted, quorum, supermajority or byzantine.")
        String method;

        @Option(names = "--opinions", required = true, paramLabel = "FILE.json")
        Path opinions;

        @Option(
                names = "--version",
                paramLabel = "N",
                description = "DNA version of the decision (default: the key's current version + 1).")
        Long version;

        @Option(names = "--persist", description = "Write a decided value to DNA.")
        boolean persist;

        @Option(
                names = "--max-strength",
                paramLabel = "S",
                description = "Scale of the DNA strength (default: ${DEFAULT-VALUE}).")
        double maxStrength = 1.0;

        @Option(
                names = "--weight",
                paramLabel = "AGENT=W",
                description = "weighted: an agent's weight (others weigh 1). Repeatable.")
        Map<String, Double> weights = new LinkedHashMap<>();

        @Option(
                names = "--min-participants",
                paramLabel = "N",
                description = "quorum: opinions needed (default: ${DEFAULT-VALUE}).")
        int minParticipants = 3;

        @Option(
                names = "--threshold",
                paramLabel = "T",
                description = "quorum: share of votes needed (default: ${DEFAULT-VALUE}).")
        double threshold = 0.6;

        @Mixin
        JsonOption json;

        @Override
        public void run() {
            ConsensusMethod m = method();
            List<AgentOpinion> list = readOpinions();
            long v;
            if (version != null) {
                v = version;
            } else {
                v = store.withHelix(h -> h.read(store.tenant(), key))
                                .map(HelixEntry::version)
                                .orElse(0L)
                        + 1;
            }
            ConsensusResult result;
            try {
                result = Consensus.decide(key, v, list, m);
            } catch (IllegalArgumentException e) {
                throw CliException.badInput(e.getMessage());
            }
            Optional<ConsensusPersistence.Outcome> persisted = Optional.empty();
            if (persist) {
                try {
                    persisted = Optional.of(
                            store.withHelix(h -> ConsensusPersistence.persist(h, store.tenant(), result, maxStrength)));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw CliException.badInput(e.getMessage());
                }
            }
            print(result, persisted);
            if (result instanceof ConsensusResult.NoDecision n) {
                throw new CliException(1, "no decision: " + n.reason());
            }
        }

        private ConsensusMethod method() {
            try {
                return switch (method.strip().toLowerCase(Locale.ROOT)) {
                    case "majority" -> new ConsensusMethod.Majority();
                    case "weighted" -> new ConsensusMethod.Weighted(weights, 1.0);
                    case "quorum" -> new ConsensusMethod.Quorum(minParticipants, threshold);
                    case "supermajority" -> new ConsensusMethod.Supermajority();
                    case "byzantine" -> new ConsensusMethod.Byzantine();
                    default ->
                        throw CliException.badInput("--method must be one of majority, weighted, quorum, supermajority,"
                                + " byzantine, but was '" + method + "'");
                };
            } catch (IllegalArgumentException e) {
                throw CliException.badInput(e.getMessage());
            }
        }

        private List<AgentOpinion> readOpinions() {
            JsonNode doc;
            try {
                doc = new ObjectMapper().readTree(Files.readString(opinions));
            } catch (IOException e) {
                throw CliException.badInput("--opinions: cannot read " + opinions + ": " + e.getMessage());
            }
            JsonNode array = doc != null && doc.isObject() ? doc.get("opinions") : doc;
            if (array == null || !array.isArray()) {
                throw CliException.badInput("--opinions: " + opinions
                        + " must hold a JSON array of opinions or an object with an 'opinions' array");
            }
            List<AgentOpinion> out = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                JsonNode o = array.get(i);
                String where = "--opinions: " + opinions.getFileName() + " opinion #" + (i + 1);
                if (!o.isObject()) {
                    throw CliException.badInput(where + " must be an object, but was " + o.getNodeType());
                }
                JsonNode agent = o.get("agent_id");
                JsonNode value = o.get("value");
                JsonNode confidence = o.get("confidence");
                if (agent == null || !agent.isTextual()) {
                    throw CliException.badInput(where + ": 'agent_id' must be a string");
                }
                if (value == null) {
                    throw CliException.badInput(where + ": 'value' is missing (null rejects storing)");
                }
                if (confidence == null || !confidence.isNumber()) {
                    throw CliException.badInput(
                            where + ": 'confidence' must be a number in [0, 1], but was " + confidence);
                }
                try {
                    out.add(new AgentOpinion(
                            agent.textValue(),
                            value,
                            confidence.doubleValue(),
                            o.path("rationale").asText("")));
                } catch (IllegalArgumentException e) {
                    throw CliException.badInput(where + ": " + e.getMessage());
                }
            }
            return out;
        }

        private void print(ConsensusResult result, Optional<ConsensusPersistence.Outcome> persisted) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("key", result.key());
            doc.put("method", result.method().wireName());
            doc.put("version", result.version());
            switch (result) {
                case ConsensusResult.Decided d -> {
                    doc.put("decided", true);
                    doc.put("decided_value", d.decidedValue());
                    doc.put("votes_for", d.votesFor());
                    doc.put("votes_total", d.votesTotal());
                    doc.put("confidence", d.confidence());
                    doc.put("strength", ConsensusPersistence.strength(d, maxStrength));
                    doc.put(
                            "dissent",
                            d.dissent().stream()
                                    .map(o -> Map.of("agent_id", o.agentId(), "rationale", o.rationale()))
                                    .toList());
                }
                case ConsensusResult.NoDecision n -> {
                    doc.put("decided", false);
                    doc.put("votes_total", n.votesTotal());
                    doc.put("reason", n.reason());
                }
            }
            persisted.ifPresent(p -> doc.put(
                    "persisted",
                    switch (p) {
                        case ConsensusPersistence.Outcome.Written w ->
                            Map.of(
                                    "written", w.receipt().upserted(),
                                    "outcome", w.receipt().outcome().name().toLowerCase(Locale.ROOT),
                                    "version", w.receipt().version(),
                                    "strength", w.receipt().strength());
                        case ConsensusPersistence.Outcome.NotWritten nw ->
                            Map.of("written", false, "reason", nw.reason());
                    }));
            json.print(out(), () -> doc, out -> printText(out, result, persisted));
        }

        private void printText(
                PrintWriter out, ConsensusResult result, Optional<ConsensusPersistence.Outcome> persisted) {
            switch (result) {
                case ConsensusResult.Decided d ->
                    out.printf(
                            "decided %s v%d by %s: %d of %d votes, confidence %.4f, strength %.4f%n%s%n",
                            d.key(),
                            d.version(),
                            d.method().wireName(),
                            d.votesFor(),
                            d.votesTotal(),
                            d.confidence(),
                            ConsensusPersistence.strength(d, maxStrength),
                            DnaStoreOption.compact(d.decidedValue()));
                case ConsensusResult.NoDecision n ->
                    out.printf(
                            "no decision on %s by %s: %s%n", n.key(), n.method().wireName(), n.reason());
            }
            persisted.ifPresent(p -> out.println(
                    switch (p) {
                        case ConsensusPersistence.Outcome.Written w ->
                            "persisted: " + w.receipt().outcome().name().toLowerCase(Locale.ROOT) + " v"
                                    + w.receipt().version();
                        case ConsensusPersistence.Outcome.NotWritten nw -> "not persisted: " + nw.reason();
                    }));
        }
    }
}
