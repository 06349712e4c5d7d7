package org.codearena.loadtest.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** ./arena load SCENARIO [options] */
@Command(name = "arena load", mixinStandardHelpOptions = true, version = "CodeArena load tool",
        description = "Load for any CodeArena through its public API; exact statistics at the end.",
        subcommands = {RunsCommand.class, SignupsCommand.class, GetCommand.class, AssessmentStartCommand.class,
                ContestCommand.class, ForumCommand.class, SocketsCommand.class, MailingCommand.class,
                PackagesCommand.class, ProctoringCommand.class})
public final class LoadTool implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the tool in this JVM and returns its exit code (also used by tests). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, with errors written to {@code err} (a test shows them with its failure). */
    public static int execute(PrintWriter err, String... args) {
        return new CommandLine(new LoadTool())
                .setErr(err)
                .setExecutionExceptionHandler((failure, commandLine, parsed) -> {
                    commandLine.getErr().println("error: " + describe(failure));
                    commandLine.getErr().flush();
                    return 2;
                })
                .execute(args);
    }

    /** The message, or the kind of failure where it has none (a bare NullPointerException), and its causes. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
                continue; // a wrapper: its message repeats the cause's
            }
            if (!text.isEmpty()) {
                text.append("; caused by: ");
            }
            boolean bare = t.getMessage() == null || t instanceof NullPointerException;
            text.append(bare ? t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
                    : t.getMessage());
        }
        return text.toString();
    }
}
