package io.syncfleet.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Checks target files for expected content. rsync writes a temporary file and renames it into place,
 * so a file with the expected name and bytes is complete. {@link java.io.File} is used for the checks:
 * a plain stat, no exception when the file is absent.
 */
final class Arrivals {

    private Arrivals() {
    }

    static boolean holds(File f, byte[] content) {
        if (f.length() != content.length) {
            return false; // absent (0) or another version
        }
        try {
            return Arrays.equals(Files.readAllBytes(f.toPath()), content);
        } catch (IOException racing) {
            return false;
        }
    }

    /**
     * Progress through many expected files on one target: files are checked in order and the cursor
     * only moves past files that hold their expected bytes, so a pass costs one check per file that
     * arrived since the last pass, plus one stat.
     */
    static final class Cursor {
        private final File[] files;
        private final byte[][] contents;
        private final boolean compareBytes;
        private int next;

        /**
         * @param compareBytes false to accept a file of the expected size (enough for new, uniquely named
         *                     files; saves reading them)
         */
        Cursor(File[] files, byte[][] contents, boolean compareBytes) {
            this.files = files;
            this.contents = contents;
            this.compareBytes = compareBytes;
        }

        /** A cursor over {@code rels} below {@code root}. */
        static Cursor of(Path root, List<String> rels, List<byte[]> contents, boolean compareBytes) {
            File[] f = new File[rels.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = root.resolve(rels.get(i)).toFile();
            }
            return new Cursor(f, contents.toArray(new byte[0][]), compareBytes);
        }

        /** Advances as far as possible; true when every file is there. */
        boolean advance() {
            while (next < files.length && (compareBytes ? holds(files[next], contents[next])
                    : files[next].length() == contents[next].length)) {
                next++;
            }
            return next == files.length;
        }

        int done() {
            return next;
        }

        int size() {
            return files.length;
        }

        File firstMissing() {
            return next < files.length ? files[next] : null;
        }
    }

    /**
     * Waits until every cursor is done, polling every {@code pollMillis}; returns the System.nanoTime()
     * of the pass that found the last file.
     */
    static long awaitCursors(List<Cursor> cursors, long pollMillis, long timeoutMillis, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            long now = System.nanoTime();
            boolean all = true;
            for (Cursor c : cursors) {
                all &= c.advance();
            }
            if (all) {
                return now;
            }
            if (now > deadline) {
                StringBuilder b = new StringBuilder();
                for (Cursor c : cursors) {
                    b.append(' ').append(c.done()).append('/').append(c.size());
                }
                throw new IllegalStateException("timeout after " + timeoutMillis / 1000 + " s waiting for " + what
                        + "; done per target:" + b);
            }
            Thread.sleep(pollMillis);
        }
    }
}
