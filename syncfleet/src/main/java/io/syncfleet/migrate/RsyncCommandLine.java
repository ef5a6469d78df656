package io.syncfleet.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of one expanded {@code rsync} command line that matter to syncfleet: sources, destination,
 * excludes, and the options sorted into what syncfleet does anyway, what it can take over, and what it
 * cannot express. Pure: {@code --exclude-from} files are named here and read by the caller.
 */
public final class RsyncCommandLine {

    /** Short and long options syncfleet's own pushes already imply, or that only change rsync's output. */
    private static final Set<String> COVERED = Set.of("a", "r", "l", "p", "t", "g", "o", "D", "v", "q", "h", "P",
            "i", "--archive", "--recursive", "--links", "--perms", "--times", "--group", "--owner", "--devices",
            "--specials", "--verbose", "--quiet", "--human-readable", "--progress", "--partial", "--stats",
            "--itemize-changes", "--force", "--log-file", "--info", "--no-motd", "--contimeout", "--ignore-errors",
            "--delete", "--delete-after", "--delete-before", "--delete-during", "--delete-delay");
    /** Options passed on unchanged through {@code rsync.extraArgs}. */
    private static final Set<String> PASSED = Set.of("z", "H", "A", "X", "c", "u", "--compress", "--hard-links",
            "--acls", "--xattrs", "--checksum", "--update", "--numeric-ids", "--bwlimit", "--password-file",
            "--chmod", "--chown", "--compress-level", "--inplace", "--no-owner", "--no-group", "--no-perms",
            "--omit-dir-times", "--safe-links", "--copy-links", "--copy-unsafe-links", "--sockopts", "--iconv");
    /** Long options that take a value (as {@code --x=v} or {@code --x v}). */
    private static final Set<String> WITH_VALUE = Set.of("--exclude", "--exclude-from", "--include", "--include-from",
            "--filter", "--rsh", "--port", "--timeout", "--bwlimit", "--password-file", "--chmod", "--chown",
            "--compress-level", "--log-file", "--info", "--contimeout", "--files-from", "--sockopts", "--iconv",
            "--temp-dir", "--backup-dir", "--suffix", "--max-size", "--min-size", "--partial-dir", "--rsync-path",
            "--modify-window");
    /** Options syncfleet cannot express, with the reason. */
    private static final Map<String, String> UNMAPPED = Map.ofEntries(
            Map.entry("n", "dry run: the line transfers nothing"),
            Map.entry("--dry-run", "dry run: the line transfers nothing"),
            Map.entry("R", "--relative changes where files land; syncfleet always pushes relative to source.baseDir"),
            Map.entry("--relative", "--relative changes where files land; syncfleet always pushes relative to"
                    + " source.baseDir"),
            Map.entry("--include", "syncfleet has excludes only; rewrite the include as excludes of the rest"),
            Map.entry("--include-from", "syncfleet has excludes only; rewrite the includes as excludes of the rest"),
            Map.entry("--filter", "syncfleet has excludes only (source.exclude)"),
            Map.entry("f", "syncfleet has excludes only (source.exclude)"),
            Map.entry("--files-from", "syncfleet decides the file list itself from what changed"),
            Map.entry("--delete-excluded", "syncfleet never deletes excluded files on targets"),
            Map.entry("--existing", "syncfleet creates new files on targets"),
            Map.entry("--ignore-existing", "syncfleet updates existing files on targets"),
            Map.entry("--remove-source-files", "syncfleet never touches the source"),
            Map.entry("b", "backups on the target are not supported"),
            Map.entry("--backup", "backups on the target are not supported"),
            Map.entry("--backup-dir", "backups on the target are not supported"),
            Map.entry("--rsync-path", "a custom remote rsync is not supported; put rsync on the target's PATH"),
            Map.entry("C", "--cvs-exclude: write the CVS patterns into source.exclude"),
            Map.entry("--cvs-exclude", "write the CVS patterns into source.exclude"));

    final List<String> sources = new ArrayList<>();
    String destination;
    final List<String> excludes = new ArrayList<>();
    final List<String> excludeFrom = new ArrayList<>();
    final List<String> extraArgs = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    String rsh;
    Integer port;
    Integer timeoutSeconds;
    boolean delete;
    /** The line has include or filter rules, which give its excludes a meaning they lose on their own. */
    boolean includes;

    /** Parses the words after {@code rsync}. */
    static RsyncCommandLine parse(List<String> args) {
        RsyncCommandLine r = new RsyncCommandLine();
        List<String> operands = new ArrayList<>();
        boolean onlyOperands = false;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (onlyOperands || !a.startsWith("-") || a.equals("-")) {
                operands.add(a);
            } else if (a.equals("--")) {
                onlyOperands = true;
            } else if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                String value = eq < 0 ? null : a.substring(eq + 1);
                if (value == null && WITH_VALUE.contains(name)) {
                    if (k + 1 >= args.size()) {
                        r.problems.add(name + " has no value");
                        continue;
                    }
                    value = args.get(++k);
                }
                r.option(name, value);
            } else {
                for (int c = 1; c < a.length(); c++) {
                    String flag = String.valueOf(a.charAt(c));
                    if (flag.equals("e") || flag.equals("f")) {
                        String value = c + 1 < a.length() ? a.substring(c + 1)
                                : k + 1 < args.size() ? args.get(++k) : null;
                        r.option(flag.equals("e") ? "--rsh" : "--filter", value);
                        break;
                    }
                    r.option(flag, null);
                }
            }
        }
        if (operands.size() < 2) {
            r.problems.add("needs a source and a destination, found " + operands.size() + " operand(s)");
        } else {
            r.destination = operands.get(operands.size() - 1);
            r.sources.addAll(operands.subList(0, operands.size() - 1));
        }
        return r;
    }

    private void option(String name, String value) {
        String shown = name.length() == 1 ? "-" + name : name;
        if (name.startsWith("--delete") && COVERED.contains(name)) {
            delete = true;
        }
        switch (name) {
            case "--exclude" -> excludes.add(value);
            case "--exclude-from" -> excludeFrom.add(value);
            case "--rsh" -> rsh = value;
            case "--port" -> port = integer(shown, value);
            case "--timeout" -> timeoutSeconds = integer(shown, value);
            default -> {
                if (name.startsWith("--include") || name.equals("--filter") || name.equals("f")) {
                    includes = true;
                }
                if (UNMAPPED.containsKey(name)) {
                    problems.add(shown + (value == null ? "" : " " + value) + ": " + UNMAPPED.get(name));
                } else if (PASSED.contains(name)) {
                    extraArgs.add(value == null ? shown : name + "=" + value);
                } else if (!COVERED.contains(name)) {
                    problems.add("unknown option " + shown + ": not mapped; if every push needs it, add it to"
                            + " rsync.extraArgs by hand");
                }
            }
        }
    }

    private Integer integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            problems.add(name + " '" + value + "' is not a number");
            return null;
        }
    }
}
