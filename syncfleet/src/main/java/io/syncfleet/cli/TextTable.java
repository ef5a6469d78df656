package io.syncfleet.cli;

import java.util.List;

/** Fixed-width text tables for the CLI: columns padded to their widest cell, the last one left as is. */
final class TextTable {

    private TextTable() {
    }

    /** Renders rows (the first is the header), without trailing white space. */
    static String render(List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format("%-" + w[i] + "s  ", r[i]));
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
