package io.cloudsweep.engine.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** An AWS account: its twelve-digit id and a name people recognise. */
public record Account(String id, String name) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public Account {
        Objects.requireNonNull(id, "id");
        if (!ACCOUNT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an AWS account id is 12 digits, not '" + id + "'");
        }
        name = name == null || name.isBlank() ? id : name;
    }
}
