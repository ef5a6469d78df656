package io.syncfleet.worker.domain;

import io.syncfleet.common.path.RelPath;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One planned rsync run: the exact command line, the working directory, and the paths fed to
 * {@code --files-from=-}.
 *
 * @param kind incremental push of listed paths, or full sync of one root
 * @param root the root a full sync covers; {@link RelPath#BASE} for an incremental push
 * @param workDir the directory rsync runs in ({@code source.baseDir}); listed paths are relative to it
 * @param argv the command line, binary first
 * @param listed the paths written to rsync's stdin, in order; empty when the root is on the command line
 */
public record RsyncInvocation(Kind kind, RelPath root, Path workDir, List<String> argv, List<RelPath> listed) {

    /** What an invocation does. */
    public enum Kind {
        /** {@code -aRI --files-from}: push exactly the listed paths. */
        INCREMENTAL,
        /** {@code -a --delete} of a whole root. */
        FULL,
        /**
         * {@code -aRd --delete --files-from} with each listed directory given as {@code dir/}: the directory's
         * own entries, not recursing, and the target's entries it no longer has deleted: how changed
         * directories are reconciled and deleted paths are deleted.
         */
        LISTING
    }

    public RsyncInvocation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(workDir, "workDir");
        argv = List.copyOf(argv);
        listed = List.copyOf(listed);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
    }

    /**
     * The bytes for rsync's stdin: each listed path's raw bytes followed by NUL; empty when nothing is listed.
     * A LISTING names each directory with a trailing slash, which makes rsync send (and with {@code --delete}
     * reconcile) the directory's entries instead of the directory alone.
     */
    public byte[] filesFrom() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(listed.size() * 32);
        for (RelPath p : listed) {
            if (kind == Kind.LISTING && p.isBase()) {
                out.writeBytes(new byte[] {'.', '/'});
            } else {
                out.writeBytes(p.bytes());
                if (kind == Kind.LISTING) {
                    out.write('/');
                }
            }
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Paths listed for an incremental run, 0 for a full sync; used in reports and logs. */
    public int pathCount() {
        return listed.size();
    }
}
