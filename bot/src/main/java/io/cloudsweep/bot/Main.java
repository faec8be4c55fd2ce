package io.cloudsweep.bot;

import io.cloudsweep.bot.cli.Cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code java -jar cloudsweep.jar ...}: runs one command and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            boolean server = args.length > 0 && args[0].equals("serve");
            logConfiguration(System.getenv("CLOUDSWEEP_LOG_FORMAT"), server && System.console() == null, System.err)
                    .ifPresent(file -> System.setProperty(LOGBACK_CONFIGURATION, file));
        }
        OptionalInt relaunched = FastStart.relaunch(args, System.getenv());
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        int code = Cli.standard().execute(args);
        FastStart.finished(code);
        System.exit(code);
    }

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    /**
     * The logging configuration to use instead of the text one: JSON lines for a server with no terminal (its logs go to
     * a log pipeline), text where people read them (a terminal, and one-shot commands such as {@code scan}, whose
     * stderr a user sees); {@code CLOUDSWEEP_LOG_FORMAT} ({@code json} or {@code text}) decides otherwise. Chosen
     * before anything logs; logback's own {@code -Dlogback.configurationFile} wins over both.
     *
     * @param pipeline whether the logs go to a log pipeline by default: {@code serve} with no terminal
     */
    static Optional<String> logConfiguration(String asked, boolean pipeline, PrintStream warnings) {
        boolean json = pipeline;
        if (asked != null && !asked.isBlank()) {
            switch (asked.trim().toLowerCase(Locale.ROOT)) {
                case "json" -> json = true;
                case "text" -> json = false;
                default -> warnings.println("CLOUDSWEEP_LOG_FORMAT=" + asked.trim() + " is neither json nor text; logging as "
                        + (json ? "json" : "text"));
            }
        }
        return json ? Optional.of("logback-json.xml") : Optional.empty();
    }
}
