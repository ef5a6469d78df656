package io.syncfleet.cli;

import io.syncfleet.app.UserError;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.DustbinEntry;
import io.syncfleet.common.event.DustbinState;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.kafka.DustbinReader;
import io.syncfleet.worker.domain.DustbinPolicy;
import io.syncfleet.worker.kafka.DustbinPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dustbin", mixinStandardHelpOptions = true,
        description = "Paths of partial syncs (a file a target refused) waiting for retry, or parked after"
                + " dustbin.maxAttempts retries: list them, retry them now, or drop them.",
        subcommands = {DustbinCommand.ListEntries.class, DustbinCommand.Retry.class, DustbinCommand.Drop.class})
final class DustbinCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The open entries (waiting or parked), or all with {@code all}, of one target or every target. */
    static List<DustbinEntry> select(List<DustbinEntry> entries, String target, boolean all) {
        return entries.stream().filter(e -> target == null || e.targetId().equals(target))
                .filter(e -> all || e.state() == DustbinState.WAITING || e.state() == DustbinState.PARKED).toList();
    }

    /** The open entries named by id or unique id prefix (at least 6 characters). */
    static List<DustbinEntry> named(List<DustbinEntry> open, List<String> ids) {
        List<DustbinEntry> out = new ArrayList<>();
        for (String id : ids) {
            List<DustbinEntry> hits = open.stream().filter(e -> e.entryId().equals(id)
                    || (id.length() >= 6 && e.entryId().startsWith(id))).toList();
            if (hits.size() != 1) {
                throw new UserError("dustbin entry '" + id + "': " + (hits.isEmpty() ? "no open entry has this id"
                        : hits.size() + " entries start with it") + "; see bin/syncfleet dustbin list");
            }
            out.add(hits.get(0));
        }
        return out;
    }

    /** Writes one new record per entry, made by {@code change}; returns how many. */
    static int rewrite(SyncfleetConfig config, String target, List<String> ids, boolean parkedOnly,
                       UnaryOperator<DustbinEntry> change) throws Exception {
        return AttachedKafka.run(config, (kafka, topics) -> {
            List<DustbinEntry> open = select(new DustbinReader(kafka.clients(), topics).read(), target, false);
            List<DustbinEntry> chosen = ids.isEmpty()
                    ? open.stream().filter(e -> !parkedOnly || e.state() == DustbinState.PARKED).toList()
                    : named(open, ids);
            try (DustbinPublisher publisher = new DustbinPublisher(new KafkaProducer<>(
                    kafka.clients().producer("syncfleet-cli"), Topics.DUSTBIN.keySerde().serializer(),
                    Topics.DUSTBIN.valueSerde().serializer()), topics.name(Topics.DUSTBIN), null)) {
                for (DustbinEntry e : chosen) {
                    if (!publisher.publish(change.apply(e))) {
                        throw new UserError("dustbin entry " + e.entryId() + " could not be updated: Kafka did not "
                                + "acknowledge the write; try again");
                    }
                }
            }
            return chosen.size();
        });
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List waiting and parked entries.")
    static final class ListEntries implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Option(names = "--target", paramLabel = "ID", description = "Only this target's entries.")
        String target;
        @Option(names = "--all", description = "Also entries that were synced (done) or dropped.")
        boolean all;

        @Override
        public Integer call() throws Exception {
            SyncfleetConfig config = client.load();
            List<DustbinEntry> entries = AttachedKafka.run(config,
                    (kafka, topics) -> new DustbinReader(kafka.clients(), topics).read());
            client.say(DustbinTable.render(select(entries, target, all), Instant.now()));
            return 0;
        }
    }

    /** Retry and drop: pick entries by id or target, write one new record each. */
    abstract static class Rewrite implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Option(names = "--target", paramLabel = "ID", description = "Only this target's entries.")
        String target;
        @Parameters(paramLabel = "ENTRY", arity = "0..*", description = "Entry ids (or unique prefixes).")
        List<String> ids = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            check();
            SyncfleetConfig config = client.load();
            DustbinPolicy policy = new DustbinPolicy(config.dustbin(), Clock.systemUTC());
            int n = rewrite(config, target, ids, parkedOnlyByDefault(), change(policy));
            client.say(said(n));
            return 0;
        }

        void check() {
        }

        abstract boolean parkedOnlyByDefault();

        abstract UnaryOperator<DustbinEntry> change(DustbinPolicy policy);

        abstract String said(int n);

        static String entries(int n) {
            return n + " entr" + (n == 1 ? "y" : "ies");
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Retry entries now, with their attempts counted from zero: the named ones, else every"
                    + " parked entry (of --target).")
    static final class Retry extends Rewrite {
        @Override
        boolean parkedOnlyByDefault() {
            return true;
        }

        @Override
        UnaryOperator<DustbinEntry> change(DustbinPolicy policy) {
            return policy::requeue;
        }

        @Override
        String said(int n) {
            return n == 0 ? "nothing to retry: no parked entry" + (target == null ? "" : " of target " + target)
                    : "requeued " + entries(n) + " for retry now; follow with: bin/syncfleet dustbin list";
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = "Forget entries: the named ones, or every open entry of --target.")
    static final class Drop extends Rewrite {
        @Override
        void check() {
            if (ids.isEmpty() && target == null) {
                throw new UserError("dustbin drop: name the ENTRY ids to drop, or --target ID to drop all of a "
                        + "target's entries");
            }
        }

        @Override
        boolean parkedOnlyByDefault() {
            return false;
        }

        @Override
        UnaryOperator<DustbinEntry> change(DustbinPolicy policy) {
            return policy::drop;
        }

        @Override
        String said(int n) {
            return "dropped " + entries(n) + "; their paths reach the target when they change again or at its next"
                    + " full sync";
        }
    }
}
