package io.cloudsweep.adapters.aws.fake;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** A tiny XML writer for the fake's responses: elements, escaped text, lists. */
final class Xml {

    private final StringBuilder out = new StringBuilder();

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml openNs(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>text</name>}; nothing at all when {@code value} is null. */
    Xml text(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
        }
        return this;
    }

    Xml time(String name, Instant value) {
        return text(name, value == null ? null : value.toString());
    }

    /** {@code <wrapper><item>...</item>...</wrapper>} with one {@code item} per element. */
    <T> Xml list(String wrapper, String item, List<T> elements, Function<T, String> body) {
        open(wrapper);
        for (T element : elements) {
            out.append('<').append(item).append('>').append(body.apply(element)).append("</").append(item).append('>');
        }
        return close(wrapper);
    }

    Xml raw(String xml) {
        out.append(xml);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '&' || c == '<' || c == '>' || c == '"') {
                return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
            }
        }
        return text;
    }
}
