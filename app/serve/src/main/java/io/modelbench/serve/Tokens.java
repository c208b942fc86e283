package io.modelbench.serve;

import io.modelbench.engine.api.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The bearer token: 256 random bits as 64 hex digits, kept in a file only its owner can read (created with mode
 * 0600 on first start; written to a temporary file with that mode, then renamed, so it is never readable by
 * others, not even half-written). Compared in constant time.
 */
final class Tokens {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private Tokens() {
    }

    /** The token in {@code file}, created there when the file does not exist. */
    static String loadOrCreate(Path file) {
        Path f = file.toAbsolutePath();
        if (!Files.exists(f)) {
            create(f);
        }
        try {
            if (posix(f)) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
                if (p.stream().anyMatch(x -> !OWNER_ONLY.contains(x))) {
                    throw InputException.file(f, "can be read by others (" + PosixFilePermissions.toString(p) + ")",
                            "make it readable by you only: chmod 600 " + f);
                }
            }
            String text = Files.readString(f, StandardCharsets.UTF_8).strip();
            if (text.isEmpty() || text.contains("\n") || text.length() < 16) {
                throw InputException.file(f, "does not hold a token (one line of 16 characters or more)",
                        "delete it to have a new token created, or write one into it");
            }
            return text;
        } catch (IOException e) {
            throw InputException.file(f, "cannot be read: " + e.getMessage(), "check the file, or give another with --token-file");
        }
    }

    private static void create(Path f) {
        byte[] bits = new byte[32];
        new SecureRandom().nextBytes(bits);
        String token = HexFormat.of().formatHex(bits);
        Path tmp = null;
        try {
            Files.createDirectories(f.getParent());
            tmp = posix(f.getParent())
                    ? Files.createTempFile(f.getParent(), ".token-", ".part", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(f.getParent(), ".token-", ".part");
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            try {
                // no REPLACE_EXISTING: a server started at the same moment may have written one; keep the first
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            // another server created it first: use that one
        } catch (IOException e) {
            throw InputException.file(f, "the token file cannot be created: " + e.getMessage(),
                    "choose a folder you can write to with --token-file");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a hidden .part file is left; it holds a token no one uses
                }
            }
        }
    }

    private static boolean posix(Path p) {
        return Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    /** True when the Authorization header carries the token ({@code Bearer <token>}); constant time in the token. */
    static boolean matches(String expected, String authorization) {
        if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given);
    }
}
