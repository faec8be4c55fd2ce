package io.cloudsweep.bot;

import java.nio.file.Path;

/** Where CloudSweep keeps its files when nobody says otherwise: {@code ~/.cloudsweep}. */
public final class DataDir {

    private DataDir() {
    }

    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".cloudsweep");
    }
}
