package io.syncfleet.cli;

import io.syncfleet.app.UserError;
import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.kafka.RequestPublisher;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Resync a target from a point in time: its consumer group is reset to that time and every change"
                + " since is pushed again. For a host restored from backup.")
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--target", required = true, paramLabel = "ID", description = "Target id.")
    String target;

    @Option(names = "--since", required = true, paramLabel = "WHEN",
            description = "A duration ago (30m, 2h, 1d) or an ISO time (2026-11-23T10:00:00Z).")
    String since;

    @Override
    public Integer call() throws Exception {
        long now = System.currentTimeMillis();
        long sinceMillis = parseSince(since, now);
        SyncfleetConfig config = client.load();
        AttachedKafka.run(config, (kafka, topics) -> {
            TargetsCommand.requireKnown(kafka, topics, target);
            return new RequestPublisher(kafka.clients(), topics)
                    .send(TargetRequest.Action.REPLAY, target, null, sinceMillis, now);
        });
        client.say("requested: replay target " + target + " from " + Instant.ofEpochMilli(sinceMillis)
                + "; it goes through recovery and back to ready. Follow it with: bin/syncfleet status");
        return 0;
    }

    static long parseSince(String text, long now) {
        try {
            return now - Durations.parse(text).toMillis();
        } catch (IllegalArgumentException notADuration) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new UserError("--since '" + text + "': expected a duration ago (30m, 2h, 1d) or an ISO time"
                        + " such as 2026-11-23T10:00:00Z");
            }
        }
    }
}
