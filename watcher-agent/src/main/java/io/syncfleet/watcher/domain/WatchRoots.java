package io.syncfleet.watcher.domain;

import io.syncfleet.common.path.RelPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The watched roots ({@code source.paths}) without repeats or nesting: a root inside another root
 * is dropped, since watching and rescanning the outer one covers it. Order is kept.
 */
public final class WatchRoots {

    private final List<RelPath> roots;

    private WatchRoots(List<RelPath> roots) {
        this.roots = List.copyOf(roots);
    }

    public static WatchRoots of(Collection<RelPath> configured) {
        List<RelPath> kept = new ArrayList<>();
        for (RelPath candidate : new LinkedHashSet<>(configured)) {
            boolean covered = false;
            for (RelPath other : configured) {
                if (!other.equals(candidate) && other.contains(candidate)) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                kept.add(candidate);
            }
        }
        return new WatchRoots(kept);
    }

    public List<RelPath> roots() {
        return roots;
    }

    /** The root that holds {@code path}, if any. */
    public Optional<RelPath> rootOf(RelPath path) {
        for (RelPath root : roots) {
            if (root.contains(path)) {
                return Optional.of(root);
            }
        }
        return Optional.empty();
    }

    /**
     * The roots holding any of {@code paths}, in root order. A path outside every root stands for
     * itself, so a caller asking what to rescan never gets less than it asked about.
     */
    public Set<RelPath> rootsOf(Collection<RelPath> paths) {
        Set<RelPath> found = new LinkedHashSet<>();
        for (RelPath p : paths) {
            found.add(rootOf(p).orElse(p));
        }
        return found;
    }

    @Override
    public String toString() {
        return roots.toString();
    }
}
