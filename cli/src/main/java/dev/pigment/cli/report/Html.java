package dev.pigment.cli.report;

/** An HTML page built in order: a head with its own style sheet (nothing fetched), then the body's parts. */
final class Html {
    private static final String STYLE = """
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 0 auto;
                   max-width: 1180px; padding: 0 24px 48px; background: #fbfbfd; }
            header { border-bottom: 3px solid #6b4fbb; margin-bottom: 12px; }
            h1 { margin: 24px 0 4px; font-size: 30px; }
            h2 { margin-top: 36px; border-bottom: 1px solid #d7dae3; padding-bottom: 4px; }
            .sub { color: #5d6475; margin: 0 0 12px; }
            nav a { margin-right: 16px; }
            .notice { background: #fff4d6; border: 1px solid #e8c15a; padding: 10px 14px; border-radius: 6px; }
            .big { font-size: 19px; }
            table { border-collapse: collapse; margin: 8px 0 16px; }
            th, td { padding: 4px 12px; border-bottom: 1px solid #e3e5ec; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            table.kv td { text-align: left; }
            table.kv td:first-child { color: #5d6475; }
            tr.ours td { font-weight: 600; background: #f1ecff; }
            figure { margin: 12px 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #d7dae3; background: white; }
            figcaption { color: #5d6475; font-size: 13px; }
            .grid { display: flex; flex-wrap: wrap; gap: 10px; }
            figure.small { width: 120px; margin: 0; }
            figure.small img { width: 84px; height: 84px; image-rendering: pixelated; }
            figure.sal { width: 130px; margin: 0; }
            figure.sal img { width: 112px; height: 112px; }
            .triptych { display: flex; gap: 10px; align-items: flex-start; }
            .triptych figure { flex: 1; margin: 6px 0; }
            code { background: #eef0f5; padding: 1px 4px; border-radius: 3px; }
            """;

    private final StringBuilder sb = new StringBuilder();

    Html(String title) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
    }

    /** Appends markup as it is. */
    Html raw(String html) {
        sb.append(html);
        return this;
    }

    /** A row of a two-column table: the name, then the value, both escaped. */
    Html row(String name, String value) {
        return raw("<tr><td>" + escape(name) + "</td><td>" + escape(value) + "</td></tr>\n");
    }

    /** An image with a caption; {@code src} is relative to the page. */
    Html figure(String src, String caption) {
        return raw("<figure><img src=\"" + escape(src) + "\" alt=\"" + escape(caption) + "\"><figcaption>"
                + escape(caption) + "</figcaption></figure>\n");
    }

    /** The page, closed. */
    String end() {
        return sb + "</body>\n</html>\n";
    }

    /** Text made safe for HTML content and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
