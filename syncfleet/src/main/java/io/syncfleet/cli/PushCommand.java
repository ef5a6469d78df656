package io.syncfleet.cli;

import io.syncfleet.app.Node;
import io.syncfleet.app.UserError;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.watcher.app.ManualPush;
import io.syncfleet.watcher.app.PushRejectedException;
import io.syncfleet.watcher.app.WatcherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Push paths to every target now, as if the watcher had seen them change: files (or their"
                + " deletion, when gone) as changed paths, directories in full. Paths are absolute or relative to"
                + " source.baseDir, inside source.paths and not excluded; otherwise nothing is sent.")
final class PushCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Paths to push.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--from-file", paramLabel = "FILE",
            description = "Read paths from FILE, one a line, or NUL-separated when it holds a NUL byte (find -print0);"
                    + " '-' reads standard input.")
    String fromFile;

    @Override
    public Integer call() throws Exception {
        List<byte[]> given = new ArrayList<>();
        for (String p : paths) {
            given.add(p.getBytes(StandardCharsets.UTF_8));
        }
        if (fromFile != null) {
            given.addAll(split(read(fromFile)));
        }
        SyncfleetConfig config = client.load();
        ManualPush.Outcome done;
        try {
            ManualPush.check(config, given); // refuse bad paths before connecting
            done = AttachedKafka.run(config, (kafka, topics) -> {
                try (var producer = new KafkaProducer<>(kafka.clients().producer("syncfleet-push"),
                        Topics.CHANGES.keySerde().serializer(), Topics.CHANGES.valueSerde().serializer())) {
                    return new ManualPush(config, topics, producer, Clock.systemUTC(), "push@" + Node.hostName())
                            .push(given);
                }
            });
        } catch (PushRejectedException | WatcherException e) {
            throw new UserError(e.getMessage());
        }
        client.say("pushed " + done.changed().size() + " changed paths"
                + (done.rescans().isEmpty() ? "" : " and " + done.rescans().size() + " directories in full")
                + " in batch " + done.batchId() + "; follow it with: bin/syncfleet status");
        return 0;
    }

    private static byte[] read(String file) {
        try {
            return file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UserError("--from-file " + file + ": no such file");
        } catch (IOException e) {
            throw new UserError("--from-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    /** NUL-separated when the content holds a NUL byte, else one path a line; empty entries are skipped. */
    static List<byte[]> split(byte[] content) {
        byte sep = '\n';
        for (byte b : content) {
            if (b == 0) {
                sep = 0;
                break;
            }
        }
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == sep) {
                int end = i;
                if (sep == '\n' && end > start && content[end - 1] == '\r') {
                    end--;
                }
                if (end > start) {
                    out.add(Arrays.copyOfRange(content, start, end));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
