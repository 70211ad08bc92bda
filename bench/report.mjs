// Tables for the terminal (aligned columns) and for the README (Markdown), from the same rows.

// Arabic combining marks and format characters take no column in a terminal.
const ZERO_WIDTH = /[\p{M}\p{Cf}]/gu;
const width = (s) => [...String(s).replace(ZERO_WIDTH, "")].length;
const pad = (s, n, right) => {
  const fill = " ".repeat(Math.max(0, n - width(s)));
  return right ? fill + s : s + fill;
};

export class Table {
  constructor(title, header, { rightFrom = 1 } = {}) {
    this.title = title;
    this.header = header;
    this.rows = [];
    // Columns from `rightFrom` on hold numbers: right-aligned.
    this.rightFrom = rightFrom;
  }

  add(...cells) {
    this.rows.push(cells.map(String));
    return this;
  }

  text() {
    const widths = this.header.map((h, i) => Math.max(width(h), ...this.rows.map((r) => width(r[i] ?? ""))));
    const line = (cells) =>
      cells.map((c, i) => pad(c ?? "", widths[i], i >= this.rightFrom)).join("  ").trimEnd();
    return [this.title, line(this.header), widths.map((w) => "-".repeat(w)).join("  "), ...this.rows.map(line)].join("\n");
  }

  markdown() {
    const escape = (c) => String(c).replace(/\|/g, "\\|");
    const align = this.header.map((_, i) => (i >= this.rightFrom ? "---:" : "---"));
    return [
      `**${this.title}**`,
      "",
      `| ${this.header.map(escape).join(" | ")} |`,
      `| ${align.join(" | ")} |`,
      ...this.rows.map((r) => `| ${r.map(escape).join(" | ")} |`),
    ].join("\n");
  }
}

export const us = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
export const ms = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
export const kb = (bytes) => (bytes / 1000).toFixed(1);
