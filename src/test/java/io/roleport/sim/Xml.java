package io.roleport.sim;

/** A tiny XML writer for the Query-protocol answers (STS, IAM, EC2). */
final class Xml {

    private final StringBuilder sb = new StringBuilder();

    Xml open(String name) {
        sb.append('<').append(name).append('>');
        return this;
    }

    Xml openNs(String name, String namespace) {
        sb.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
        return this;
    }

    Xml close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    /** Writes {@code <name>value</name>}; skipped when value is {@code null}. */
    Xml el(String name, Object value) {
        if (value != null) {
            open(name);
            sb.append(escape(String.valueOf(value)));
            close(name);
        }
        return this;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + sb;
    }
}
