package io.syncfleet.migrate;

import io.syncfleet.migrate.RsyncImport.Finding;
import java.util.List;
import java.util.stream.Collectors;

/** Writes an {@link RsyncImport} as a commented {@code syncfleet.yml} proposal. */
public final class ProposalYaml {

    /** The largest rsync.timeout the config accepts, in seconds. */
    private static final int MAX_TIMEOUT = 3600;

    private ProposalYaml() {
    }

    public static String render(RsyncImport p, List<String> scripts) {
        StringBuilder y = new StringBuilder();
        y.append("# syncfleet.yml proposed by 'syncfleet import-rsync' from ").append(String.join(", ", scripts))
                .append('\n');
        y.append("# Review it, then: bin/syncfleet check-config --config <this file>\n");
        if (!p.findings().isEmpty()) {
            y.append("#\n# Not mapped (").append(p.findings().size()).append("):\n");
            for (Finding f : p.findings()) {
                y.append("#   ").append(f.script()).append(':').append(f.line()).append(": ").append(oneLine(f.why()))
                        .append("\n#       ").append(oneLine(f.text())).append('\n');
            }
        }
        if (!p.notes().isEmpty()) {
            y.append("#\n# Before switching:\n");
            p.notes().forEach(n -> y.append("#   - ").append(oneLine(n)).append('\n'));
        }
        y.append("\nsource:\n");
        y.append("  baseDir: ").append(quote(p.baseDir())).append('\n');
        y.append("  paths: ").append(list(p.paths())).append('\n');
        y.append("  # what the scripts excluded; syncfleet's default when the key is left out is"
                + " [\"*.git\", \"*.svn\", \"*.tmp\", \".~tmp~/\"]\n");
        y.append("  exclude: ").append(list(p.excludes())).append('\n');
        if (!p.extraArgs().isEmpty() || p.timeoutSeconds() > 0) {
            y.append("rsync:\n");
            if (!p.extraArgs().isEmpty()) {
                y.append("  extraArgs: ").append(list(p.extraArgs())).append('\n');
            }
            if (p.timeoutSeconds() > 0) {
                y.append("  timeout: ").append(Math.min(MAX_TIMEOUT, p.timeoutSeconds())).append("s\n");
            }
        }
        y.append("targets:\n  static:");
        if (p.targets().isEmpty()) {
            y.append(" []\n");
        } else {
            y.append('\n');
            p.targets().forEach(t -> y.append("    - {id: ").append(quote(t.id())).append(", url: ")
                    .append(quote(t.url())).append("}\n"));
        }
        return y.toString();
    }

    private static String list(List<String> items) {
        return items.stream().map(ProposalYaml::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }
}
