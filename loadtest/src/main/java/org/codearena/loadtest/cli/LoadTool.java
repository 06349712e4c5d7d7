package org.codearena.loadtest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** ./arena load SCENARIO [options] */
@Command(name = "arena load", mixinStandardHelpOptions = true, version = "CodeArena load tool",
        description = "Load for any CodeArena through its public API; exact statistics at the end.",
        subcommands = {RunsCommand.class, SignupsCommand.class, GetCommand.class, AssessmentStartCommand.class,
                ContestCommand.class, ForumCommand.class, SocketsCommand.class, MailingCommand.class})
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
        return new CommandLine(new LoadTool())
                .setExecutionExceptionHandler((failure, commandLine, parsed) -> {
                    commandLine.getErr().println("error: " + failure.getMessage());
                    return 2;
                })
                .execute(args);
    }
}
