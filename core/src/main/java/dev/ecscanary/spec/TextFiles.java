package dev.ecscanary.spec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Text files people hand the tool (specs, secrets), read as UTF-8 with reasons people understand. */
public final class TextFiles {

    private TextFiles() {
    }

    /** A file that cannot be read as text; the message says why in a few words ("no such file"). */
    public static final class UnreadableFileException extends RuntimeException {
        UnreadableFileException(String message) {
            super(message, null, false, false);
        }
    }

    public static String readUtf8(Path file) {
        if (Files.isDirectory(file)) {
            throw new UnreadableFileException("is a directory, not a file");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UnreadableFileException("no such file");
        } catch (AccessDeniedException e) {
            throw new UnreadableFileException("cannot be read: permission denied");
        } catch (CharacterCodingException e) {
            throw new UnreadableFileException("is not UTF-8 text");
        } catch (IOException e) {
            throw new UnreadableFileException("cannot be read: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
