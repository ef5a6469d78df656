package io.syncfleet.keeper.domain;

import io.syncfleet.common.event.CatchUpCommand;
import io.syncfleet.common.event.TargetStatus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the number {@code n} back from catch-up command ids ({@code <targetId>-c<n>}, see
 * {@link CatchUpCommand#id}), so that a restarted keeper numbers a target's next command above every
 * one it can still see and never reuses an id.
 *
 * <p>Where an id can still be seen: the pending command of a status in recovery, and the reason of the
 * status right after one ({@code catch-up web3-c4 (replay) ok}, {@code ... failed}). The keeper reads
 * every record of the {@code targets} topic that compaction has kept, and takes the highest number.
 */
public final class CommandNumbers {

    private CommandNumbers() {
    }

    /** {@code n} of {@code commandId} when it is {@code <targetId>-c<n>}; else 0 (also for null). */
    public static long of(String targetId, String commandId) {
        if (commandId == null) {
            return 0;
        }
        String prefix = targetId + "-c";
        if (!commandId.startsWith(prefix)) {
            return 0;
        }
        return number(commandId.substring(prefix.length()));
    }

    /** The highest command number of {@code targetId} named in {@code text}; 0 if none. */
    public static long highestIn(String targetId, String text) {
        if (text == null) {
            return 0;
        }
        Matcher m = Pattern.compile("(?<![A-Za-z0-9._-])" + Pattern.quote(targetId) + "-c(\\d{1,18})(?![A-Za-z0-9_-])")
                .matcher(text);
        long max = 0;
        while (m.find()) {
            max = Math.max(max, number(m.group(1)));
        }
        return max;
    }

    /** The highest command number a published status shows: its pending command, or ids in its reason. */
    public static long highestIn(TargetStatus status) {
        return Math.max(of(status.targetId(), status.pendingCommandId()), highestIn(status.targetId(), status.reason()));
    }

    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Long.parseLong(digits);
    }
}
