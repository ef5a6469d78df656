package io.syncfleet.keeper.kafka;

import io.syncfleet.common.config.Durations;
import io.syncfleet.common.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the consumer group of each removed target ({@link Topics#targetGroup}), so that its progress
 * does not linger in Kafka. Kafka deletes only an empty group, so a failed deletion is retried on the
 * scheduler with a growing delay (1s up to 30s) until the group is gone. Workers commit under the group
 * without joining it, so a push that finished just before its worker saw the tombstone can commit and
 * recreate the group right after it was deleted: one more deletion runs {@link #SWEEP_AFTER} later.
 * Adding the target again cancels both.
 */
public final class GroupRemover {

    private static final Logger LOG = LoggerFactory.getLogger(GroupRemover.class);

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** When the deletion is repeated, in case a late commit recreated the group. */
    static final Duration SWEEP_AFTER = Duration.ofSeconds(30);

    private final Admin admin;
    private final Topics topics;
    private final ScheduledExecutorService scheduler;
    private final Duration timeout;
    /** Target ids whose group is to be deleted, with the delay before the next retry. */
    private final Map<String, Duration> pending = new ConcurrentHashMap<>();
    /** Target ids whose group was deleted once and awaits the sweep. */
    private final Set<String> swept = ConcurrentHashMap.newKeySet();

    public GroupRemover(Admin admin, Topics topics, ScheduledExecutorService scheduler, Duration timeout) {
        this.admin = admin;
        this.topics = topics;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /** Deletes the group of a removed target, now and then until it is gone. */
    public void remove(String targetId) {
        if (pending.putIfAbsent(targetId, FIRST_RETRY) == null) {
            schedule(targetId, Duration.ZERO);
        }
    }

    /** Stops deleting the group of a target that is back in the fleet. */
    public void cancel(String targetId) {
        swept.remove(targetId);
        if (pending.remove(targetId) != null) {
            LOG.info("target [{}] is back in the fleet: its consumer group [{}] is kept", targetId,
                    topics.targetGroup(targetId));
        }
    }

    /** Targets whose group is still to be deleted. */
    public Set<String> pending() {
        return Set.copyOf(pending.keySet());
    }

    private void schedule(String targetId, Duration delay) {
        try {
            scheduler.schedule(() -> attempt(targetId), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.info("consumer group [{}] of removed target [{}] is not deleted: the keeper is stopping",
                    topics.targetGroup(targetId), targetId);
        }
    }

    private void attempt(String targetId) {
        Duration retry = pending.get(targetId);
        if (retry == null) {
            return;
        }
        String group = topics.targetGroup(targetId);
        String why;
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("deleted consumer group [{}] of removed target [{}]", group, targetId);
            done(targetId, retry);
            return;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                LOG.debug("removed target [{}] has no consumer group [{}] to delete", targetId, group);
                done(targetId, retry);
                return;
            }
            why = e.getCause() instanceof GroupNotEmptyException
                    ? "it still has members (a worker has not stopped the target yet)" : e.getCause().toString();
        } catch (TimeoutException e) {
            why = "no answer from Kafka within " + Durations.format(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            why = e.toString();
        }
        Duration next = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        if (pending.replace(targetId, retry, next)) {
            if (retry.equals(FIRST_RETRY)) {
                LOG.info("cannot delete consumer group [{}] of removed target [{}] yet: {}; retrying", group, targetId,
                        why);
            } else {
                LOG.debug("cannot delete consumer group [{}] of removed target [{}] yet: {}; retrying in {}", group,
                        targetId, why, Durations.format(retry));
            }
            schedule(targetId, retry);
        }
    }

    /** After the first deletion, one sweep later; after the sweep, nothing more. */
    private void done(String targetId, Duration retry) {
        if (!pending.remove(targetId, retry)) {
            return;
        }
        if (swept.add(targetId)) {
            pending.put(targetId, FIRST_RETRY);
            schedule(targetId, SWEEP_AFTER);
        } else {
            swept.remove(targetId);
        }
    }
}
