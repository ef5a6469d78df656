package io.syncfleet.common.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a target receives files: an rsync daemon module ({@code rsync://host[:port]/module[/path]}) or
 * a directory over ssh ({@code [user@]host:/path}).
 *
 * @param original the text as configured
 * @param daemon true for rsync://, false for ssh
 * @param user ssh user or null
 * @param host host name or address
 * @param port daemon port (873 default), or 22 for ssh
 * @param module daemon module (null for ssh)
 * @param path path below the module (may be empty), or the absolute ssh path
 */
public record TargetUrl(String original, boolean daemon, String user, String host, int port, String module,
                        String path) {

    public static final String EXPECTED = "expected rsync://host[:port]/module or user@host:/path";

    private static final Pattern DAEMON = Pattern.compile(
            "rsync://(?:([^@/]+)@)?(\\[[0-9a-fA-F:]+\\]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?/([^/]+)(/.*)?");
    private static final Pattern OTHER_SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Pattern SSH = Pattern.compile("(?:([^@/:]+)@)?([A-Za-z0-9._-]+):(/.*)");

    public TargetUrl {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(host, "host");
    }

    /** Parses a target URL; throws IllegalArgumentException with {@link #EXPECTED} on bad input. */
    public static TargetUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty; " + EXPECTED);
        }
        String t = text.trim();
        Matcher m = DAEMON.matcher(t);
        if (m.matches()) {
            int port = m.group(3) == null ? 873 : Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " out of range 1-65535; " + EXPECTED);
            }
            String sub = m.group(5) == null ? "" : m.group(5).replaceAll("/+$", "");
            return new TargetUrl(t, true, m.group(1), m.group(2), port, m.group(4), sub);
        }
        if (t.toLowerCase(Locale.ROOT).startsWith("rsync://")) {
            throw new IllegalArgumentException("'" + t + "' has no module; " + EXPECTED);
        }
        Matcher scheme = OTHER_SCHEME.matcher(t);
        if (scheme.lookingAt()) {
            throw new IllegalArgumentException("unsupported scheme '" + scheme.group(1) + "' in '" + t + "'; " + EXPECTED);
        }
        m = SSH.matcher(t);
        if (m.matches()) {
            return new TargetUrl(t, false, m.group(1), m.group(2), 22, null, m.group(3));
        }
        throw new IllegalArgumentException("'" + t + "': " + EXPECTED);
    }

    /** The destination argument for rsync, always ending in '/' so that the tree lands inside it. */
    public String rsyncDestination() {
        if (daemon) {
            String u = user == null ? "" : user + "@";
            return "rsync://" + u + host + ":" + port + "/" + module + path + "/";
        }
        String u = user == null ? "" : user + "@";
        return u + host + ":" + (path.endsWith("/") ? path : path + "/");
    }

    @Override
    public String toString() {
        return original;
    }
}
