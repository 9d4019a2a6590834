package dev.recipe.report;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for terminal output: columns padded to their widest cell, long cells cut. */
public final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final int maxCell;

  public TextTable(int maxCell, String... header) {
    this.header = List.of(header);
    this.maxCell = maxCell;
  }

  public TextTable row(String... cells) {
    List<String> r = new ArrayList<>();
    for (String c : cells) {
      String s = c == null ? "" : c.replaceAll("\\s+", " ");
      r.add(s.length() > maxCell ? s.substring(0, maxCell - 1) + "…" : s);
    }
    rows.add(r);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  @Override
  public String toString() {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], i < r.size() ? r.get(i).length() : 0);
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, w);
    List<String> rule = new ArrayList<>();
    for (int x : w) {
      rule.add("-".repeat(x));
    }
    line(sb, rule, w);
    rows.forEach(r -> line(sb, r, w));
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      l.append(c).append(" ".repeat(w[i] - c.length()));
      if (i < w.length - 1) {
        l.append("  ");
      }
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }
}
