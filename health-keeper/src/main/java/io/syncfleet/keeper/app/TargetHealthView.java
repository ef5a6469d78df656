package io.syncfleet.keeper.app;

import io.syncfleet.common.event.TargetState;

/**
 * One target as the keeper sees it, for {@code /status} and {@code syncfleet status}.
 *
 * @param id target id
 * @param url target url
 * @param state current state
 * @param sinceMillis when it entered {@code state}
 * @param reason why it is in {@code state}
 * @param pendingCommandId the catch-up it waits for (in recovery), else null
 * @param outageStartMillis when it last left ready; -1 if never
 * @param lagRecords records of {@code changes} its consumer group has yet to consume; -1 while unknown
 */
public record TargetHealthView(String id, String url, TargetState state, long sinceMillis, String reason,
                               String pendingCommandId, long outageStartMillis, long lagRecords) {
}
