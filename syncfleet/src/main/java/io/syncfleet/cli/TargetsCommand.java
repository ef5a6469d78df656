package io.syncfleet.cli;

import io.syncfleet.app.KafkaConnection;
import io.syncfleet.app.TargetView;
import io.syncfleet.app.UserError;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.kafka.FleetStatusReader;
import io.syncfleet.kafka.RequestPublisher;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "targets", mixinStandardHelpOptions = true,
        description = "Edit the fleet at run time (through the health keeper) or list it.",
        subcommands = {TargetsCommand.Add.class, TargetsCommand.Remove.class, TargetsCommand.ListTargets.class})
final class TargetsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void validId(String id) {
        if (!Topics.isValidTargetId(id)) {
            throw new UserError("target id '" + id + "': use letters, digits, '.', '_' and '-' (at most 100),"
                    + " starting with a letter or digit");
        }
    }

    static List<TargetView> known(KafkaConnection kafka, Topics topics) throws Exception {
        return FleetStatusReader.readOnce(kafka.clients(), topics);
    }

    /** Fails with the list of known ids when the fleet has no target {@code id}. */
    static void requireKnown(KafkaConnection kafka, Topics topics, String id) throws Exception {
        List<TargetView> known = known(kafka, topics);
        if (known.stream().noneMatch(t -> t.id().equals(id))) {
            throw new UserError("no target '" + id + "' in the fleet; known: "
                    + known.stream().map(TargetView::id).collect(Collectors.joining(", ")));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a target: it gets a full sync first, then joins live sync.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Parameters(index = "0", paramLabel = "ID", description = "Target id, e.g. web7.")
        String id;
        @Parameters(index = "1", paramLabel = "URL", description = "rsync://host[:port]/module or user@host:/path.")
        String url;

        @Override
        public Integer call() throws Exception {
            validId(id);
            TargetUrl parsed;
            try {
                parsed = TargetUrl.parse(url);
            } catch (IllegalArgumentException e) {
                throw new UserError("URL: " + e.getMessage());
            }
            SyncfleetConfig config = client.load();
            AttachedKafka.run(config, (kafka, topics) -> new RequestPublisher(kafka.clients(), topics)
                    .send(TargetRequest.Action.ADD, id, parsed.original(), -1, System.currentTimeMillis()));
            client.say("requested: add target " + id + " (" + parsed.original() + "). The health keeper gives it a"
                    + " full sync, then it joins live sync; follow it with: bin/syncfleet status");
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a target: its syncs stop and its consumer group is deleted.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @Parameters(index = "0", paramLabel = "ID", description = "Target id.")
        String id;

        @Override
        public Integer call() throws Exception {
            validId(id);
            SyncfleetConfig config = client.load();
            AttachedKafka.run(config, (kafka, topics) -> {
                requireKnown(kafka, topics, id);
                return new RequestPublisher(kafka.clients(), topics)
                        .send(TargetRequest.Action.REMOVE, id, null, -1, System.currentTimeMillis());
            });
            boolean isStatic = config.targets().staticTargets().stream().anyMatch(t -> t.id().equals(id));
            client.say("requested: remove target " + id + "." + (isStatic
                    ? " It is also in targets.static of " + client.file() + ": remove it there too, or the next"
                    + " keeper start adds it back." : ""));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the fleet with states.")
    static final class ListTargets implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws Exception {
            SyncfleetConfig config = client.load();
            client.say(StatusTable.render(AttachedKafka.run(config, TargetsCommand::known), Instant.now()));
            return 0;
        }
    }
}
