package io.syncfleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One {@code bench/results/<scenario>.md}: what was measured, how to reproduce it, the machine, the figures. */
final class Report {

    private final StringBuilder b = new StringBuilder();
    private final String loadBefore = Machine.loadAverage();
    private final long startedNanos = System.nanoTime();

    Report(String scenario, String title, String command) {
        b.append("# ").append(scenario).append(": ").append(title).append("\n\n");
        b.append("Reproduce: `").append(command).append("`\n\n");
    }

    Report para(String text) {
        b.append(text).append("\n\n");
        return this;
    }

    Report line(String text) {
        b.append(text).append('\n');
        return this;
    }

    /** The header row and separator of a markdown table. */
    Report table(String... columns) {
        b.append('|');
        for (String c : columns) {
            b.append(' ').append(c).append(" |");
        }
        b.append("\n|");
        for (int i = 0; i < columns.length; i++) {
            b.append("---|");
        }
        b.append('\n');
        return this;
    }

    Report row(Object... cells) {
        b.append('|');
        for (Object c : cells) {
            b.append(' ').append(c).append(" |");
        }
        b.append('\n');
        return this;
    }

    Report end() {
        b.append('\n');
        return this;
    }

    static String verdict(boolean met) {
        return met ? "**met**" : "**missed**";
    }

    /** Appends the machine facts and writes the file; also prints it. */
    void write(Path file) throws IOException {
        b.append("## Machine\n\n").append(Machine.facts());
        b.append("- load average (1/5/15 min) at start: ").append(loadBefore).append("; at end: ")
                .append(Machine.loadAverage())
                .append(" (it counts the bench's own processes too: 50 rsync pushes at once count 50)\n");
        b.append(String.format("- scenario wall time: %.0f s%n", (System.nanoTime() - startedNanos) / 1e9));
        Files.createDirectories(file.getParent());
        Files.writeString(file, b.toString());
        System.out.println(b);
    }
}
