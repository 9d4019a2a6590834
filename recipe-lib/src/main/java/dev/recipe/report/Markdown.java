package dev.recipe.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub-flavoured markdown from untrusted text: record values are escaped so they can neither
 * inject HTML, break a table, open a heading nor end a code block early.
 */
public final class Markdown {
  private static final Pattern SPECIAL = Pattern.compile("[\\\\`*_\\[\\]<>|#!~]");
  private static final Pattern UNESCAPED_PIPE = Pattern.compile("(?<!\\\\)\\|");
  private static final Pattern BACKTICKS = Pattern.compile("`+");

  private Markdown() {}

  /** Inline text: whitespace (newlines too) collapsed, HTML and markdown syntax escaped. */
  public static String text(Object value) {
    String s = String.valueOf(value).replaceAll("\\s+", " ").strip();
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> {
          if (SPECIAL.matcher(String.valueOf(c)).matches()) {
            sb.append('\\');
          }
          sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  /** An inline code span that holds any text, including backticks. */
  public static String code(Object value) {
    String s = String.valueOf(value).replaceAll("\\s+", " ").strip();
    String fence = "`".repeat(longestRun(s) + 1);
    String pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
    return fence + pad + s + pad + fence;
  }

  /** A fenced code block whose fence is longer than any backtick run inside. */
  public static String codeBlock(String language, String body) {
    String fence = "`".repeat(Math.max(3, longestRun(body) + 1));
    return fence + (language == null ? "" : language) + "\n" + body.stripTrailing() + "\n" + fence + "\n";
  }

  /**
   * A table; cells are already-formatted markdown (use {@link #text} for raw values). A pipe that is
   * not yet escaped (say inside a code span) is escaped here, as GitHub requires in table cells.
   */
  public static String table(List<String> header, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder();
    row(sb, header);
    sb.append('|');
    header.forEach(h -> sb.append(" --- |"));
    sb.append('\n');
    for (List<String> r : rows) {
      row(sb, r);
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, List<String> cells) {
    sb.append('|');
    for (String c : cells) {
      sb.append(' ')
          .append(c == null ? "" : UNESCAPED_PIPE.matcher(c.replace("\n", " ")).replaceAll("\\\\|"))
          .append(" |");
    }
    sb.append('\n');
  }

  /** An embedded image with a relative link, each path segment percent-encoded. */
  public static String image(String alt, String relativePath) {
    return "![" + text(alt) + "](" + link(relativePath) + ")";
  }

  /** A relative link target: segments percent-encoded (spaces as %20), so no ')' or '<' ends it early. */
  public static String link(String relativePath) {
    StringBuilder sb = new StringBuilder();
    for (String seg : relativePath.split("/", -1)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }

  private static int longestRun(String s) {
    int max = 0;
    Matcher m = BACKTICKS.matcher(s);
    while (m.find()) {
      max = Math.max(max, m.end() - m.start());
    }
    return max;
  }
}
