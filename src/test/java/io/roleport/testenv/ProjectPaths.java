package io.roleport.testenv;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project lives on disk: Maven's {@code basedir} system property if set, otherwise the nearest folder
 * upwards from the working directory that holds a {@code pom.xml}.
 */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    /** The project's root folder (holds pom.xml, config/, target/). */
    public static Path root() {
        String basedir = System.getProperty("basedir");
        if (basedir != null && !basedir.isBlank()) {
            return Path.of(basedir).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return dir;
    }

    /** {@code root()/relative}. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** The build folder, {@code target/}. */
    public static Path target() {
        return resolve("target");
    }
}
