package io.syncfleet.common.kafka;

import io.syncfleet.common.topic.TopicSpec;
import io.syncfleet.common.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalog's topics, idempotently: existing topics are left as they are.
 */
public final class TopicInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(TopicInstaller.class);

    private final Admin admin;
    private final Topics topics;
    private final short replicationFactor;

    public TopicInstaller(Admin admin, Topics topics, short replicationFactor) {
        this.admin = admin;
        this.topics = topics;
        this.replicationFactor = replicationFactor;
    }

    /** Creates every missing topic; returns the names it created. */
    public List<String> install() throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec<?, ?> spec : Topics.ALL) {
            String name = topics.name(spec);
            if (!existing.contains(name)) {
                missing.add(new NewTopic(name, topics.partitions(spec), replicationFactor).configs(spec.configs()));
            }
        }
        List<String> created = new ArrayList<>();
        if (missing.isEmpty()) {
            LOG.debug("all {} topics with prefix [{}] exist", Topics.ALL.size(), topics.prefix());
            return created;
        }
        var result = admin.createTopics(missing);
        for (NewTopic t : missing) {
            try {
                result.values().get(t.name()).get(30, TimeUnit.SECONDS);
                created.add(t.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        awaitPartitionsServed(missing);
        LOG.info("created topics {} ({} partitions where configurable, replication {})", created,
                topics.partitions(Topics.CHANGES), replicationFactor);
        return created;
    }

    /**
     * Waits until the leader of every partition of the new topics answers for it. Right after creation a
     * broker may already name itself leader in its metadata while the partition is not yet open in its log
     * manager; a first produce then fails with NOT_LEADER_OR_FOLLOWER, a later one in flight is appended, and
     * the idempotent producer retries the first forever with OUT_OF_ORDER_SEQUENCE_NUMBER (seen here in CI;
     * KAFKA-15591). {@code ListOffsets} is answered by the partition's leader itself; it is asked again while
     * it fails with a retriable error (the topic's metadata not yet known, no leader yet), for up to 30 s.
     */
    private void awaitPartitionsServed(List<NewTopic> created)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic t : created) {
            for (int p = 0; p < t.numPartitions(); p++) {
                partitions.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        awaitLeaders(created, deadline);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50); // the broker is still opening the new partitions
            }
        }
    }

    /**
     * Waits until the metadata names a leader for every partition of the new topics. Asked earlier, the admin
     * client's ListOffsets logs each unknown topic at ERROR with a stack trace, although it is only early.
     */
    private void awaitLeaders(List<NewTopic> created, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = created.stream().map(NewTopic::name).toList();
        while (true) {
            try {
                Map<String, TopicDescription> seen = admin.describeTopics(names).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                if (seen.values().stream().allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null))) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                return; // ListOffsets below then fails with the broker's own reason
            }
            Thread.sleep(50);
        }
    }
}
