package net.oneview.chatticket.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The committed versions of files of this checkout, read with the git command line. When a file has no version to
 * compare with, it says why: new, cut off by a shallow clone, or no history to read at all. Git runs with
 * {@code safe.directory=*} because CI runs the build as root on a clone owned by another user, which git otherwise
 * refuses ("dubious ownership").
 */
final class CommittedVersions {

    /** The version a file is compared with (its text at a revision), or why there is none. */
    record Previous(String revision, String text, String missing) {

        static Previous at(final String revision, final String text) {
            return new Previous(revision, text, null);
        }

        static Previous none(final String why) {
            return new Previous(null, null, why);
        }

        boolean found() {
            return missing == null;
        }
    }

    private record Result(int exit, String out, String err) {

        boolean ok() {
            return exit == 0;
        }
    }

    private final boolean shallow;
    /** Why the history cannot be read at all (no git, not a checkout), or null. */
    private final String unreadable;

    private CommittedVersions(final boolean shallow, final String unreadable) {
        this.shallow = shallow;
        this.unreadable = unreadable;
    }

    /** The history of the checkout the build runs in, or why there is none to read. */
    static CommittedVersions ofThisCheckout() throws InterruptedException {
        try {
            final Result shallow = git("rev-parse", "--is-shallow-repository");
            if (!shallow.ok()) {
                return new CommittedVersions(false, "not a git checkout, or git cannot read it: "
                        + shallow.err().strip());
            }
            return new CommittedVersions(shallow.out().strip().equals("true"), null);
        } catch (IOException e) {
            return new CommittedVersions(false, "git cannot be run: " + e.getMessage());
        }
    }

    /**
     * The committed version before the file's current one: HEAD's when the working copy changed the file, else the
     * file as it was before the last commit that changed it.
     */
    Previous previous(final Path file) throws IOException, InterruptedException {
        if (unreadable != null) {
            return Previous.none(unreadable);
        }
        final String path = "./" + file;
        final Result atHead = git("show", "HEAD:" + path);
        if (!atHead.ok()) {
            return Previous.none("not committed yet: no earlier version");
        }
        if (!atHead.out().equals(Files.readString(file))) {
            return Previous.at("HEAD", atHead.out());
        }
        final String last = required(git("log", "-n", "1", "--format=%h", "--", path)).strip();
        final Result parent = git("rev-parse", "--verify", "--quiet", "--short", last + "^");
        if (!parent.ok()) {
            return Previous.none(shallow
                    ? "shallow clone: versions before " + last + " are not available (git fetch --unshallow)"
                    : "added in the first commit, " + last + ": no earlier version");
        }
        final String before = parent.out().strip();
        if (required(git("ls-tree", "--name-only", before, "--", path)).isBlank()) {
            return Previous.none("added in " + last + ": no earlier version");
        }
        return Previous.at(before, required(git("show", before + ":" + path)));
    }

    /** A git command that must work once the checkout was found readable: its failure is the test's. */
    private static String required(final Result result) {
        if (!result.ok()) {
            throw new IllegalStateException("git failed (" + result.exit() + "): " + result.err());
        }
        return result.out();
    }

    private static Result git(final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("git", "-c", "safe.directory=*"));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).start();
        // Read stderr alongside stdout: a large error output must not block the process while stdout is read.
        final CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        final String out = read(process.getInputStream());
        return new Result(process.waitFor(), out, err.join());
    }

    private static String read(final InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
