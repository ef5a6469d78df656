package io.syncfleet.watcher.fs;

import io.syncfleet.common.path.RelPath;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The directories under inotify watch, as a tree of watch descriptors. A node keeps its parent and
 * its own name, never a full path: paths are built on demand by walking up, a renamed directory is
 * moved by changing one node (its whole subtree follows), and a watched directory costs about 90 bytes
 * of heap (a 48-byte node, its name, a slot of the wd table) where a path-keyed map costs several times
 * that.
 *
 * <p>Invariants: every node is in the wd table exactly once; a node's parent is in the table, or
 * the node is a root (parent null, name = the root's whole relative path); children lists are
 * doubly linked, so detaching is O(1); no node is its own ancestor. Nodes removed from the table are
 * detached from the tree. Thread-safe: every method holds the object's lock, and none does I/O.
 */
final class WatchedDirs {

    /** One watched directory. Fields are guarded by the enclosing {@link WatchedDirs}. */
    static final class Dir {
        final int wd;
        Dir parent;
        byte[] name;
        Dir firstChild;
        Dir nextSibling;
        Dir prevSibling;
        Dir nextInBucket;
        int seen;

        private Dir(int wd, Dir parent, byte[] name) {
            this.wd = wd;
            this.parent = parent;
            this.name = name;
        }

        int wd() {
            return wd;
        }
    }

    private Dir[] buckets = new Dir[1024];
    private int size;
    private int generation;

    synchronized int size() {
        return size;
    }

    synchronized Dir get(int wd) {
        for (Dir d = buckets[index(wd, buckets.length)]; d != null; d = d.nextInBucket) {
            if (d.wd == wd) {
                return d;
            }
        }
        return null;
    }

    synchronized boolean isRoot(Dir d) {
        return d.parent == null;
    }

    /**
     * Records that {@code wd} watches the root {@code root}: a new node, the known one, or a known
     * directory moved to be the root.
     */
    synchronized Dir attachRoot(int wd, RelPath root) {
        return place(wd, null, root.bytes());
    }

    /**
     * Records that {@code wd} watches the entry {@code name} of {@code parent}. A known wd under another
     * name or parent is moved here with its subtree: inotify watches follow the inode.
     *
     * @return the node, or null when refused: {@code parent} is no longer watched, or the move would
     *         put a directory inside itself (a bind mount can show one directory twice)
     */
    synchronized Dir attach(int wd, Dir parent, byte[] name) {
        if (get(parent.wd) != parent) {
            return null;
        }
        return place(wd, parent, name);
    }

    private Dir place(int wd, Dir parent, byte[] name) {
        Dir d = get(wd);
        if (d == null) {
            d = new Dir(wd, parent, name);
            link(d);
            insert(d);
        } else if (d.parent != parent || !Arrays.equals(d.name, name)) {
            for (Dir up = parent; up != null; up = up.parent) {
                if (up == d) {
                    return null;
                }
            }
            unlink(d);
            d.parent = parent;
            d.name = name;
            link(d);
        }
        d.seen = generation;
        return d;
    }

    /** The path of {@code d} relative to the base directory. */
    synchronized RelPath pathOf(Dir d) {
        return RelPath.of(relBytes(d, null));
    }

    /** The path of the entry {@code name} in {@code d}. */
    synchronized RelPath childPath(Dir d, byte[] name) {
        return RelPath.of(relBytes(d, name));
    }

    /** The raw relative path of {@code d}, or of its entry {@code name}; "." for the base itself. */
    synchronized byte[] relBytes(Dir d, byte[] name) {
        int depth = 0;
        int len = 0;
        for (Dir x = d; x != null; x = x.parent) {
            depth++;
            len += x.name.length + 1;
        }
        Dir[] chain = new Dir[depth];
        int i = depth;
        for (Dir x = d; x != null; x = x.parent) {
            chain[--i] = x;
        }
        boolean baseRoot = isBase(chain[0].name);
        if (baseRoot) {
            len -= 2;
        }
        if (name != null) {
            len += name.length + 1;
        }
        if (len <= 0) {
            return new byte[] {'.'};
        }
        byte[] out = new byte[len - 1];
        int pos = 0;
        for (int k = baseRoot ? 1 : 0; k < depth; k++) {
            pos = append(out, pos, chain[k].name);
        }
        if (name != null) {
            append(out, pos, name);
        }
        return out;
    }

    /**
     * Removes {@code d} and every node below it.
     *
     * @return their wds, {@code d}'s first, for the caller to remove from inotify where still live
     */
    synchronized int[] removeSubtree(Dir d) {
        Wds out = new Wds();
        removeSubtree(d, out);
        return out.toArray();
    }

    private void removeSubtree(Dir d, Wds out) {
        if (get(d.wd) != d) {
            return;
        }
        unlink(d);
        Deque<Dir> todo = new ArrayDeque<>();
        todo.push(d);
        while (!todo.isEmpty()) {
            Dir x = todo.pop();
            for (Dir c = x.firstChild; c != null; c = c.nextSibling) {
                todo.push(c);
            }
            remove(x);
            out.add(x.wd);
        }
    }

    /** Forgets every node (the watches went with their inotify instance). */
    synchronized void removeAll() {
        buckets = new Dir[1024];
        size = 0;
    }

    /** Starts a walk that will visit every directory again; see {@link #sweep()}. */
    synchronized void beginGeneration() {
        generation++;
    }

    /**
     * Removes every node not placed since {@link #beginGeneration()}: directories that are gone, or
     * moved out of the watched tree, while events were lost.
     *
     * @return their wds
     */
    synchronized int[] sweep() {
        Deque<Dir> stale = new ArrayDeque<>();
        for (Dir head : buckets) {
            for (Dir d = head; d != null; d = d.nextInBucket) {
                if (d.seen != generation) {
                    stale.add(d);
                }
            }
        }
        Wds out = new Wds();
        for (Dir d : stale) {
            removeSubtree(d, out);
        }
        return out.toArray();
    }

    // ---- the tree ------------------------------------------------------------------------------

    private static void link(Dir d) {
        Dir p = d.parent;
        if (p == null) {
            return;
        }
        d.prevSibling = null;
        d.nextSibling = p.firstChild;
        if (p.firstChild != null) {
            p.firstChild.prevSibling = d;
        }
        p.firstChild = d;
    }

    private static void unlink(Dir d) {
        Dir p = d.parent;
        if (p == null) {
            return;
        }
        if (d.prevSibling != null) {
            d.prevSibling.nextSibling = d.nextSibling;
        } else if (p.firstChild == d) {
            p.firstChild = d.nextSibling;
        }
        if (d.nextSibling != null) {
            d.nextSibling.prevSibling = d.prevSibling;
        }
        d.prevSibling = null;
        d.nextSibling = null;
    }

    // ---- the wd table: chained, power-of-two buckets ------------------------------------------

    private void insert(Dir d) {
        if (size + 1 > buckets.length - (buckets.length >> 2)) {
            Dir[] bigger = new Dir[buckets.length * 2];
            for (Dir head : buckets) {
                for (Dir x = head; x != null; ) {
                    Dir next = x.nextInBucket;
                    int i = index(x.wd, bigger.length);
                    x.nextInBucket = bigger[i];
                    bigger[i] = x;
                    x = next;
                }
            }
            buckets = bigger;
        }
        int i = index(d.wd, buckets.length);
        d.nextInBucket = buckets[i];
        buckets[i] = d;
        size++;
    }

    private void remove(Dir d) {
        int i = index(d.wd, buckets.length);
        Dir prev = null;
        for (Dir x = buckets[i]; x != null; prev = x, x = x.nextInBucket) {
            if (x == d) {
                if (prev == null) {
                    buckets[i] = x.nextInBucket;
                } else {
                    prev.nextInBucket = x.nextInBucket;
                }
                size--;
                break;
            }
        }
        d.nextInBucket = null;
        d.firstChild = null;
        d.parent = null;
    }

    private static int index(int wd, int length) {
        int h = wd * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (length - 1);
    }

    private static boolean isBase(byte[] rootName) {
        return rootName.length == 1 && rootName[0] == '.';
    }

    /** A growing list of wds. */
    private static final class Wds {
        private int[] wds = new int[8];
        private int n;

        void add(int wd) {
            if (n == wds.length) {
                wds = Arrays.copyOf(wds, n * 2);
            }
            wds[n++] = wd;
        }

        int[] toArray() {
            return Arrays.copyOf(wds, n);
        }
    }

    private static int append(byte[] out, int pos, byte[] name) {
        int p = pos;
        if (p > 0) {
            out[p++] = '/';
        }
        System.arraycopy(name, 0, out, p, name.length);
        return p + name.length;
    }
}
