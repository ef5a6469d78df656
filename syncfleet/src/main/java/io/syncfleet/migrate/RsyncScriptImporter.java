package io.syncfleet.migrate;

import io.syncfleet.migrate.RsyncImport.Finding;
import io.syncfleet.migrate.ShellWords.Command;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads shell scripts made of {@code rsync} command lines and proposes the syncfleet config that does the
 * same: one {@code source.baseDir} with its watched paths, one target per destination, the excludes and
 * the options every push needs. Pure: {@code --exclude-from} files are read through the function given.
 *
 * <p>Understood: variables assigned literally in the script ({@code HOSTS="web1 web2"}), {@code for}
 * loops over words or such variables (nested too), {@code cd DIR} before relative sources, environment
 * prefixes ({@code RSYNC_PASSWORD=... rsync}), redirections. Reported with the reason and left out:
 * pipes, command substitutions, {@code while read} loops, unset variables, wildcard or remote sources,
 * local destinations, options syncfleet cannot express, and destinations whose layout does not mirror
 * the source below one common base directory (syncfleet pushes every path to the same place below each
 * target).
 */
public final class RsyncScriptImporter {

    /** Commands that only steer the script or print; skipped without a finding. */
    private static final Set<String> NOISE = Set.of("if", "elif", "fi", "case", "esac", "exit", "set", "echo",
            "printf", "true", ":", "date", "logger", "sleep", "wait", "trap", "shopt", "umask", "return", "{", "}",
            "then", "else", "unset");
    private static final Set<String> PREFIXES = Set.of("do", "then", "else", "{", "(", "time", "nice", "nohup",
            "exec");

    private final Function<String, Optional<List<String>>> excludeFiles;
    private final List<Pair> pairs = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final LinkedHashSet<String> excludes = new LinkedHashSet<>();
    private final LinkedHashSet<String> extraArgs = new LinkedHashSet<>();
    private final LinkedHashSet<String> rshValues = new LinkedHashSet<>();
    private final LinkedHashSet<String> excludeSets = new LinkedHashSet<>();
    private final List<String> withoutDelete = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int timeoutSeconds;

    /** One source pushed to one destination by one mapped line. */
    private record Pair(Finding where, List<String> source, List<String> landing, Destination dest) {
    }

    private record Loop(String var, List<String> values, String why) {
    }

    /**
     * @param excludeFiles the lines of an {@code --exclude-from} file, or empty when it does not exist here
     */
    public RsyncScriptImporter(Function<String, Optional<List<String>>> excludeFiles) {
        this.excludeFiles = excludeFiles;
    }

    /** Reads one script. */
    public RsyncScriptImporter add(String script, String text) {
        Map<String, String> vars = new HashMap<>();
        Deque<Loop> loops = new ArrayDeque<>();
        String cwd = null;
        for (Command c : ShellWords.split(text)) {
            List<String> words = new ArrayList<>(c.words());
            while (!words.isEmpty() && PREFIXES.contains(words.get(0))) {
                words.remove(0);
            }
            if (words.isEmpty()) {
                continue;
            }
            String first = words.get(0);
            Set<String> unset = new LinkedHashSet<>();
            switch (first) {
                case "done" -> {
                    if (!loops.isEmpty()) {
                        loops.pop();
                    }
                    continue;
                }
                case "for" -> {
                    loops.push(forLoop(c, words, vars));
                    continue;
                }
                case "while", "until" -> {
                    int read = words.indexOf("read");
                    String var = read >= 0 && read + 1 < words.size() ? words.get(words.size() - 1) : "?";
                    loops.push(new Loop(var, null, "set by a '" + first + "' loop whose values are only known when"
                            + " the script runs"));
                    continue;
                }
                case "cd" -> {
                    String dir = words.size() > 1 ? ShellExpansion.expand(words.get(1), vars, unset) : "";
                    cwd = dir.startsWith("/") ? dir : cwd == null || !unset.isEmpty() ? null : cwd + "/" + dir;
                    continue;
                }
                case "export", "local", "readonly", "declare" -> words.remove(0);
                default -> {
                }
            }
            int assignments = 0;
            while (assignments < words.size() && isAssignment(words.get(assignments))) {
                assignments++;
            }
            if (assignments == words.size()) {
                for (String w : words) {
                    int eq = w.indexOf('=');
                    vars.put(w.substring(0, eq), ShellExpansion.expand(w.substring(eq + 1), vars, new LinkedHashSet<>()));
                }
                continue;
            }
            for (int k = 0; k < assignments; k++) {
                if (words.get(k).startsWith("RSYNC_PASSWORD=")) {
                    addNote("RSYNC_PASSWORD is set in " + script + ": give syncfleet the password with"
                            + " --password-file=FILE in rsync.extraArgs (the file readable only by syncfleet's user)");
                }
            }
            words = words.subList(assignments, words.size());
            String command = ShellExpansion.expand(words.get(0), vars, unset);
            String name = command.substring(command.lastIndexOf('/') + 1);
            if (!name.equals("rsync")) {
                if (!NOISE.contains(name)) {
                    finding(new Finding(script, c.line(), c.text(), "not an rsync command: skipped"));
                }
                continue;
            }
            rsync(new Finding(script, c.line(), c.text(), ""), c, words.subList(1, words.size()), vars, loops, cwd);
        }
        return this;
    }

    private Loop forLoop(Command c, List<String> words, Map<String, String> vars) {
        String var = words.size() > 1 ? words.get(1) : "?";
        int in = words.indexOf("in");
        if (c.substitution()) {
            return new Loop(var, null, "set by a for loop over a command's output");
        }
        List<String> values = new ArrayList<>();
        Set<String> unset = new LinkedHashSet<>();
        for (String w : in < 0 ? List.<String>of() : words.subList(in + 1, words.size())) {
            values.addAll(ShellExpansion.words(w, vars, unset));
        }
        if (!unset.isEmpty()) {
            return new Loop(var, null, "set by a for loop over $" + String.join(", $", unset)
                    + ", which the script does not assign");
        }
        if (values.stream().anyMatch(RsyncScriptImporter::hasGlob)) {
            return new Loop(var, null, "set by a for loop over a wildcard");
        }
        return new Loop(var, values, "");
    }

    private void rsync(Finding at, Command c, List<String> args, Map<String, String> vars, Deque<Loop> loops,
                       String cwd) {
        if (c.piped()) {
            finding(with(at, "part of a pipe: syncfleet cannot feed rsync from another command"));
            return;
        }
        if (c.substitution()) {
            finding(with(at, "holds a command substitution ($(...) or backticks) whose output is only known"
                    + " when the script runs"));
            return;
        }
        Set<String> referenced = new LinkedHashSet<>();
        args.forEach(a -> referenced.addAll(ShellExpansion.references(a)));
        List<Map<String, String>> bindings = new ArrayList<>();
        bindings.add(new HashMap<>(vars));
        for (Loop loop : loops) {
            if (!referenced.contains(loop.var())) {
                continue;
            }
            if (loop.values() == null) {
                finding(with(at, "$" + loop.var() + " is " + loop.why() + "; list those hosts in targets.static"
                        + " by hand"));
                return;
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> b : bindings) {
                for (String v : loop.values()) {
                    Map<String, String> m = new HashMap<>(b);
                    m.put(loop.var(), v);
                    next.add(m);
                }
            }
            bindings = next;
        }
        for (Map<String, String> b : bindings) {
            Set<String> unset = new LinkedHashSet<>();
            List<String> expanded = new ArrayList<>();
            args.forEach(a -> expanded.addAll(ShellExpansion.words(a, b, unset)));
            if (!unset.isEmpty()) {
                finding(with(at, "uses $" + String.join(", $", unset) + ", which the script does not assign"
                        + " (set outside it?); replace it by its value and import again"));
                return;
            }
            line(at, RsyncCommandLine.parse(expanded), cwd);
        }
    }

    private void line(Finding at, RsyncCommandLine r, String cwd) {
        r.problems.forEach(p -> finding(with(at, p)));
        if (r.destination == null) {
            return;
        }
        if (r.sources.stream().anyMatch(Destination::isRemote)) {
            finding(with(at, "remote source: this line pulls; syncfleet pushes from this host to its targets"));
            return;
        }
        Destination dest;
        try {
            dest = Destination.parse(r.destination, r.port);
        } catch (IllegalArgumentException e) {
            finding(with(at, e.getMessage()));
            return;
        }
        boolean mapped = false;
        for (String src : r.sources) {
            String why = sourceProblem(src, cwd);
            if (why != null) {
                finding(with(at, "source " + src + ": " + why));
                continue;
            }
            String abs = src.startsWith("/") ? src : cwd + "/" + src;
            List<String> s = segments(abs);
            if (s == null) {
                finding(with(at, "source " + src + ": goes above /"));
                continue;
            }
            boolean contents = src.endsWith("/") || src.endsWith("/.");
            List<String> landing = new ArrayList<>(dest.path());
            if (!contents && !s.isEmpty()) {
                landing.add(s.get(s.size() - 1));
            }
            pairs.add(new Pair(at, s, landing, dest));
            mapped = true;
        }
        if (!mapped) {
            return;
        }
        if (r.includes) {
            if (!r.excludes.isEmpty() || !r.excludeFrom.isEmpty()) {
                finding(with(at, "its excludes are left out too: without the include rules they would also exclude"
                        + " what those keep"));
            }
        } else {
            excludes(at, r);
        }
        excludeSets.add(String.join("\0", r.excludes) + "\1" + String.join("\0", r.excludeFrom));
        extraArgs.addAll(r.extraArgs);
        if (r.rsh != null) {
            rshValues.add(r.rsh);
        }
        if (r.timeoutSeconds != null) {
            timeoutSeconds = Math.max(timeoutSeconds, r.timeoutSeconds);
        }
        if (!r.delete) {
            withoutDelete.add(at.script() + ":" + at.line());
        }
    }

    private void excludes(Finding at, RsyncCommandLine r) {
        excludes.addAll(r.excludes);
        for (String file : r.excludeFrom) {
            Optional<List<String>> lines = excludeFiles.apply(file);
            if (lines.isEmpty()) {
                finding(with(at, "--exclude-from " + file + ": file not found here; copy its patterns into"
                        + " source.exclude"));
                continue;
            }
            for (String l : lines.get()) {
                String p = l.strip();
                if (p.isEmpty() || p.startsWith("#") || p.startsWith(";")) {
                    continue;
                }
                if (p.startsWith("+ ")) {
                    finding(with(at, "--exclude-from " + file + ": include rule '" + p + "': syncfleet has"
                            + " excludes only"));
                    continue;
                }
                excludes.add(p.startsWith("- ") ? p.substring(2) : p);
            }
        }
    }

    private static String sourceProblem(String src, String cwd) {
        if (hasGlob(src)) {
            return "wildcard: syncfleet watches whole directories; name the directory and put what must not go"
                    + " into source.exclude";
        }
        if (!src.startsWith("/") && cwd == null) {
            return "relative path and the script's working directory is unknown; write it absolute";
        }
        return null;
    }

    /** The proposal for everything read so far. */
    public RsyncImport result() {
        List<Finding> all = new ArrayList<>(findings);
        List<String> base = chooseBase();
        List<String> paths = new ArrayList<>();
        Map<String, Set<String>> urlPaths = new LinkedHashMap<>();
        Map<String, Destination> urlDest = new LinkedHashMap<>();
        for (Pair p : pairs) {
            if (base == null || !fits(p, base)) {
                all.add(with(p.where(), "source /" + String.join("/", p.source()) + " lands at " + p.dest().describe(
                        p.landing()) + ", which does not mirror its path below source.baseDir "
                        + (base == null ? "?" : "/" + String.join("/", base)) + "; syncfleet puts every path at the"
                        + " same place below each target: use a second syncfleet config (another topicPrefix) for it"));
                continue;
            }
            List<String> rel = p.source().subList(base.size(), p.source().size());
            String path = rel.isEmpty() ? "." : String.join("/", rel);
            List<String> urlPath = p.landing().subList(0, p.landing().size() - rel.size());
            String url;
            try {
                url = p.dest().url(urlPath);
            } catch (IllegalArgumentException e) {
                all.add(with(p.where(), e.getMessage()));
                continue;
            }
            if (!paths.contains(path)) {
                paths.add(path);
            }
            urlPaths.computeIfAbsent(url, u -> new LinkedHashSet<>()).add(path);
            urlDest.putIfAbsent(url, p.dest());
        }
        List<String> watched = outermost(paths);
        List<RsyncImport.Target> targets = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Map.Entry<String, Set<String>> e : urlPaths.entrySet()) {
            String id = TargetIds.unique(urlDest.get(e.getKey()), ids);
            targets.add(new RsyncImport.Target(id, e.getKey()));
            if (!outermost(new ArrayList<>(e.getValue())).containsAll(watched)) {
                addNote("target " + id + " gets only " + e.getValue() + " in the scripts; syncfleet sends every path"
                        + " of source.paths " + watched + " to every target");
            }
        }
        behaviourNotes();
        return new RsyncImport(base == null ? null : "/" + String.join("/", base), watched, targets,
                new ArrayList<>(excludes), new ArrayList<>(extraArgs), timeoutSeconds, all, notes);
    }

    private void behaviourNotes() {
        if (!withoutDelete.isEmpty()) {
            addNote("lines without --delete (" + String.join(", ", withoutDelete) + "): syncfleet propagates"
                    + " deletions to every target; files deleted at the source are deleted on the targets");
        }
        if (excludeSets.size() > 1) {
            addNote("the lines have different excludes; syncfleet applies all of them to every path and target");
        }
        if (rshValues.size() == 1) {
            String rsh = rshValues.iterator().next();
            extraArgs.add("--rsh=" + rsh);
            addNote("-e '" + rsh + "' goes to rsync.extraArgs; the health probe runs plain ssh, so put the same"
                    + " options in ~/.ssh/config of syncfleet's user (Host, Port, IdentityFile)");
        } else if (rshValues.size() > 1) {
            addNote("different -e values " + rshValues + ": none carried over; syncfleet uses one ssh setup for"
                    + " all targets: put per-host options in ~/.ssh/config (Host, Port, IdentityFile)");
        }
    }

    private void finding(Finding f) {
        if (!findings.contains(f)) {
            findings.add(f); // a line in a loop is reported once, not once per host
        }
    }

    private void addNote(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    /** The base that maps the most pairs; on a tie the deeper one. */
    private List<String> chooseBase() {
        List<String> best = null;
        int bestCount = 0;
        Set<List<String>> candidates = new LinkedHashSet<>();
        for (Pair p : pairs) {
            int k = commonSuffix(p.source(), p.landing(), p.dest().fixedPrefix());
            candidates.add(p.source().subList(0, p.source().size() - k));
        }
        for (List<String> b : candidates) {
            int count = (int) pairs.stream().filter(p -> fits(p, b)).count();
            if (count > bestCount || (count == bestCount && best != null && b.size() > best.size())) {
                best = b;
                bestCount = count;
            }
        }
        return best;
    }

    /** True when the pair's source is base + rel and its landing ends with rel, keeping the fixed prefix. */
    private static boolean fits(Pair p, List<String> base) {
        if (base.size() > p.source().size() || !p.source().subList(0, base.size()).equals(base)) {
            return false;
        }
        int rel = p.source().size() - base.size();
        if (rel > p.landing().size() - p.dest().fixedPrefix()) {
            return false;
        }
        return p.landing().subList(p.landing().size() - rel, p.landing().size())
                .equals(p.source().subList(base.size(), p.source().size()));
    }

    private static int commonSuffix(List<String> a, List<String> b, int keepOfB) {
        int k = 0;
        while (k < a.size() && k < b.size() - keepOfB && a.get(a.size() - 1 - k).equals(b.get(b.size() - 1 - k))) {
            k++;
        }
        return k;
    }

    private static List<String> outermost(List<String> paths) {
        if (paths.contains(".")) {
            return List.of(".");
        }
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            boolean nested = paths.stream().anyMatch(o -> !o.equals(p) && p.startsWith(o + "/"));
            if (!nested) {
                out.add(p);
            }
        }
        return out;
    }

    /** Normalized segments of an absolute path, or null when '..' climbs above the root. */
    static List<String> segments(String abs) {
        List<String> out = new ArrayList<>();
        for (String seg : abs.split("/+")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (out.isEmpty()) {
                    return null;
                }
                out.remove(out.size() - 1);
            } else {
                out.add(seg);
            }
        }
        return out;
    }

    private static boolean isAssignment(String w) {
        int eq = w.indexOf('=');
        return eq > 0 && w.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static Finding with(Finding at, String why) {
        return new Finding(at.script(), at.line(), at.text(), why);
    }
}
