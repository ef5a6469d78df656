package io.syncfleet.migrate;

import java.util.List;

/**
 * What {@link RsyncScriptImporter} made of some rsync scripts: a syncfleet config proposal and what it
 * could not map.
 *
 * @param baseDir the source base directory, or null when no rsync line could be mapped
 * @param paths watched paths below it ({@code .} for all of it)
 * @param targets one per distinct destination
 * @param excludes every exclude pattern of the mapped lines, first-seen order
 * @param extraArgs options passed on to every push
 * @param timeoutSeconds the largest {@code --timeout} seen, or 0
 * @param findings lines or parts that were not mapped, and why
 * @param notes what changes in behaviour, for the operator to read before switching
 */
public record RsyncImport(String baseDir, List<String> paths, List<Target> targets, List<String> excludes,
                          List<String> extraArgs, int timeoutSeconds, List<Finding> findings, List<String> notes) {

    public RsyncImport {
        paths = List.copyOf(paths);
        targets = List.copyOf(targets);
        excludes = List.copyOf(excludes);
        extraArgs = List.copyOf(extraArgs);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** A proposed {@code targets.static} entry. */
    public record Target(String id, String url) {
    }

    /** Something in a script that the proposal does not carry over. */
    public record Finding(String script, int line, String text, String why) {
        @Override
        public String toString() {
            return script + ":" + line + ": " + why + "\n    " + text;
        }
    }
}
