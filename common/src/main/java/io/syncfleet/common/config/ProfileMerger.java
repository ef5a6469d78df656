package io.syncfleet.common.config;

import io.syncfleet.common.config.ConfigNode.Entry;
import io.syncfleet.common.config.ConfigNode.MapNode;
import io.syncfleet.common.config.ConfigNode.ScalarNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Profiles: a top-level {@code profiles: {prod: {...}, dev: {...}}}; the selected one is deep-merged over
 * the base. Maps merge key by key, recursively; lists and scalars replace. Every merged value keeps the
 * origin it was written at. Keys of the profiles not selected are checked too, so a typo in {@code prod}
 * is caught while testing with {@code dev}.
 */
final class ProfileMerger {

    static final String PROFILES = "profiles";

    private ProfileMerger() {
    }

    /** The base without {@code profiles}, with the named profile (if any) merged over it. */
    static MapNode apply(MapNode root, String profile, ConfigSchema schema, ParseContext ctx) {
        Entry profilesEntry = root.entry(PROFILES);
        MapNode base = root.without(PROFILES);
        MapNode profiles = profiles(profilesEntry, ctx);
        if (profiles == null) {
            boolean absent = profilesEntry == null
                    || (profilesEntry.value() instanceof ScalarNode s && s.value() == null);
            if (profile != null && absent) {
                ctx.problem(PROFILES, "unknown profile '" + profile + "': the config defines no profiles",
                        profilesEntry == null ? null : profilesEntry.keyWhere());
            }
            return base;
        }
        MapNode selected = null;
        for (Entry e : profiles.entries()) {
            String shownAs = PROFILES + "." + e.key() + ".";
            if (e.value() instanceof MapNode m) {
                if (e.key().equals(profile)) {
                    selected = m;
                } else {
                    UnknownKeys.check(schema, m, "", shownAs, ctx);
                }
            } else if (!(e.value() instanceof ScalarNode s && s.value() == null)) {
                ctx.problem(PROFILES + "." + e.key(), "expected a map of sections, got " + e.value().describe(),
                        e.value().where());
            } else if (e.key().equals(profile)) {
                selected = new MapNode(List.of(), e.value().where());
            }
        }
        if (profile != null && profiles.entry(profile) == null) {
            List<String> known = profiles.entries().stream().map(Entry::key).toList();
            ctx.problem(PROFILES, "unknown profile '" + profile + "'; known profiles: "
                    + (known.isEmpty() ? "(none)" : String.join(", ", known)), profilesEntry.keyWhere());
        }
        return selected == null ? base : merge(base, selected);
    }

    /** Deep merge: maps merge recursively, anything else in {@code over} replaces what is in {@code base}. */
    static MapNode merge(MapNode base, MapNode over) {
        List<Entry> out = new ArrayList<>(base.entries());
        for (Entry o : over.entries()) {
            Entry b = base.entry(o.key());
            Entry merged = o;
            if (b != null && b.value() instanceof MapNode bm && o.value() instanceof MapNode om) {
                merged = new Entry(o.key(), o.keyWhere(), merge(bm, om));
            }
            int at = indexOf(out, o.key());
            if (at < 0) {
                out.add(merged);
            } else {
                out.set(at, merged);
            }
        }
        return new MapNode(out, base.where());
    }

    private static MapNode profiles(Entry entry, ParseContext ctx) {
        if (entry == null || (entry.value() instanceof ScalarNode s && s.value() == null)) {
            return null;
        }
        if (entry.value() instanceof MapNode m) {
            return m;
        }
        ctx.problem(PROFILES, "expected a map of profiles ({prod: {...}, dev: {...}}), got " + entry.value().describe(),
                entry.value().where());
        return null;
    }

    private static int indexOf(List<Entry> entries, String key) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
