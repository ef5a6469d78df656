package io.syncfleet.watcher.app;

import io.syncfleet.watcher.domain.PushPathPolicy.Rejected;
import java.util.List;

/**
 * A manual push was refused because some of its paths may not be sent; nothing was sent. The message
 * is one line for one path, else a count followed by one line per path.
 */
public final class PushRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Rejected> rejected;

    public PushRejectedException(List<Rejected> rejected) {
        super(message(rejected), null, false, false);
        this.rejected = List.copyOf(rejected);
    }

    public List<Rejected> rejected() {
        return rejected;
    }

    private static String message(List<Rejected> rejected) {
        if (rejected.size() == 1) {
            return "push refused, nothing sent: " + rejected.get(0).line();
        }
        StringBuilder sb = new StringBuilder("push refused, nothing sent: ").append(rejected.size())
                .append(" paths may not be pushed");
        for (Rejected r : rejected) {
            sb.append("\n  ").append(r.line());
        }
        return sb.toString();
    }
}
