package io.syncfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Facts about this machine and the tools under test, printed with every result. */
final class Machine {

    private Machine() {
    }

    /** A markdown list: date, CPU, memory, kernel, JDK, rsync, lsyncd, commit, load. */
    static String facts() {
        StringBuilder b = new StringBuilder();
        b.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        b.append("- cpu: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(cpuModel()).append('\n');
        b.append("- memory: ").append(memTotal()).append(", kernel ").append(System.getProperty("os.version"))
                .append('\n');
        b.append("- java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(", child processes started by ")
                .append(System.getProperty("jdk.lang.Process.launchMechanism", "the JDK's default (posix_spawn)"))
                .append(" (as syncfleet's CLI chooses)\n");
        b.append("- rsync: ").append(firstLine("rsync", "--version")).append('\n');
        b.append("- lsyncd: ").append(firstLine("lsyncd", "--version")).append('\n');
        String build = System.getenv("BENCH_BUILD"); // set by run.sh when it builds the jar
        b.append("- syncfleet: ").append(build == null || build.isBlank() ? "build unknown (not started by bench/run.sh)"
                : build).append(" (the jar built from the working tree at the start of the run)\n");
        return b.toString();
    }

    /** "1.23 1.10 0.98" from /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format("%.0f GiB RAM", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return "unknown RAM";
    }

    static String firstLine(String... cmd) {
        String out = output(List.of(cmd)).strip();
        int nl = out.indexOf('\n');
        return nl < 0 ? out : out.substring(0, nl).strip();
    }

    static String output(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
