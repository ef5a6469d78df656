package io.syncfleet.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An rsync destination: a daemon module ({@code rsync://[user@]host[:port]/module/path} or
 * {@code [user@]host::module/path}) or a directory over ssh ({@code [user@]host:/path}).
 *
 * @param path for a daemon the module then the path below it; for ssh the absolute path's segments
 */
record Destination(boolean daemon, String user, String host, int port, List<String> path) {

    private static final Pattern URL = Pattern.compile("rsync://(?:([^@/]+)@)?([^/:]+)(?::(\\d+))?/(.*)");
    private static final Pattern DOUBLE_COLON = Pattern.compile("(?:([^@/]+)@)?([^/:]+)::(.*)");
    private static final Pattern SSH = Pattern.compile("(?:([^@/]+)@)?([^/:]+):(.*)");

    /** True when rsync would treat the argument as remote. */
    static boolean isRemote(String arg) {
        return arg.startsWith("rsync://") || DOUBLE_COLON.matcher(arg).matches() || SSH.matcher(arg).matches();
    }

    /**
     * @param port {@code --port}, for {@code host::module}; null for 873
     * @throws IllegalArgumentException saying why it is not a target syncfleet can push to
     */
    static Destination parse(String arg, Integer port) {
        Matcher m = URL.matcher(arg);
        if (m.matches()) {
            return daemon(arg, m.group(1), m.group(2), m.group(3) == null ? 873 : Integer.parseInt(m.group(3)),
                    m.group(4));
        }
        m = DOUBLE_COLON.matcher(arg);
        if (m.matches()) {
            return daemon(arg, m.group(1), m.group(2), port == null ? 873 : port, m.group(3));
        }
        m = SSH.matcher(arg);
        if (m.matches()) {
            if (!m.group(3).startsWith("/")) {
                throw new IllegalArgumentException("destination " + arg + " is relative to the remote user's home;"
                        + " a target needs an absolute path such as " + m.group(2) + ":/srv/www");
            }
            return new Destination(false, m.group(1), m.group(2), 22, split(m.group(3)));
        }
        throw new IllegalArgumentException("destination " + arg + " is local: a copy on this host, not a target");
    }

    private static Destination daemon(String arg, String user, String host, int port, String modulePath) {
        List<String> path = split(modulePath);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("destination " + arg + " names no module (that lists the modules)");
        }
        return new Destination(true, user, host, port, path);
    }

    private static List<String> split(String p) {
        List<String> out = new ArrayList<>();
        for (String s : p.split("/+")) {
            if (!s.isEmpty() && !s.equals(".")) {
                out.add(s);
            }
        }
        return out;
    }

    /** Leading segments of {@link #path()} that a target URL must keep: the daemon's module. */
    int fixedPrefix() {
        return daemon ? 1 : 0;
    }

    /** The syncfleet target URL for this host and the given path (module first for a daemon). */
    String url(List<String> urlPath) {
        String u = user == null ? "" : user + "@";
        if (daemon) {
            return "rsync://" + u + host + (port == 873 ? "" : ":" + port) + "/" + String.join("/", urlPath);
        }
        return u + host + ":/" + String.join("/", urlPath);
    }

    /** Where a path lands, for findings. */
    String describe(List<String> landing) {
        return daemon ? host + "::" + String.join("/", landing) : host + ":/" + String.join("/", landing);
    }
}
