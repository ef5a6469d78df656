package io.syncfleet.common.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A numeric kernel setting under {@code /proc/sys}, read and written whole. */
public final class SysctlFile {

    private SysctlFile() {
    }

    /**
     * Reads the value in one read: a sysctl file answers a read at a non-zero offset with EOF, so
     * {@code Files.readString} or {@code readAllBytes}, whose first read of a zero-size file is small, would
     * see only the first digit. Empty when the file cannot be read or holds no number.
     */
    public static OptionalLong read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64];
            int n = in.read(buf);
            return n <= 0 ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(new String(buf, 0, n, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Writes the value; most settings need root. */
    public static void write(Path file, long value) throws IOException {
        Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
    }
}
